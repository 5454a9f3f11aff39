import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Which kind of credential a GitHub request carried; never the credential itself. */
export type CredentialKind = 'pat' | 'app' | 'anonymous';

/** What the Octokit factory reports for every answer GitHub (or the emulator) gave. */
export type GitHubResponseHook = (
  status: number,
  credentialKind: CredentialKind,
  headers: { get(name: string): string | null },
) => void;

export interface RampartMetrics {
  /** Its own registry, never prom-client's global one, so several apps or workers in one process do not clash. */
  registry: Registry;
  onGitHubResponse: GitHubResponseHook;
  observeRunDuration(seconds: number): void;
}

/** The states BullMQ counts; read at scrape time, so the numbers are the queue's, not this process's. */
export const JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'completed',
  'failed',
] as const;

/** Runs take seconds to hours: 1 s to about 3 hours. */
const RUN_BUCKETS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 10800];

export function createRampartMetrics(options: { queue?: Queue; role: 'api' | 'worker' }): RampartMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ role: options.role });
  const queue = options.queue;
  if (queue) {
    new Gauge({
      name: 'rampart_jobs',
      help: 'Hardening jobs in the queue by state (BullMQ counts at scrape time; completed/failed are those still retained).',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const counts = await queue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
  }
  const requests = new Counter({
    name: 'rampart_github_requests_total',
    help: 'GitHub API requests answered, by HTTP status and credential kind (counted in the Octokit factory).',
    labelNames: ['status', 'credential'],
    registers: [registry],
  });
  const remaining = new Gauge({
    name: 'rampart_github_rate_limit_remaining',
    help: 'The last x-ratelimit-remaining GitHub sent, per rate-limit resource (core, graphql, search, …) and credential kind.',
    labelNames: ['resource', 'credential'],
    registers: [registry],
  });
  const runs = new Histogram({
    name: 'rampart_run_duration_seconds',
    help: 'Time from an orchestration being accepted to its last repository reaching a final state (observed once per run, by the worker that finished it).',
    buckets: RUN_BUCKETS,
    registers: [registry],
  });
  return {
    registry,
    onGitHubResponse(status, credentialKind, headers) {
      requests.inc({ status: String(status), credential: credentialKind });
      const left = headers.get('x-ratelimit-remaining');
      if (left !== null && /^\d+$/.test(left))
        remaining.set(
          { resource: headers.get('x-ratelimit-resource') ?? 'core', credential: credentialKind },
          Number(left),
        );
    },
    observeRunDuration(seconds) {
      runs.observe(seconds);
    },
  };
}
