import { createHash } from 'node:crypto';
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import type { PolicyRecord } from '../store/policy-store.js';

/**
 * Policies have a queue of their own: a job here starts one run (schedule ticks, debounced pushes, new repositories),
 * and the run's repositories then go to the harden queue like any run's. Kept apart from the harden queue because its
 * jobs differ in shape, retries and fairness (the fair-share runner and per-repository bookkeeping assume harden jobs),
 * and job schedulers live with the jobs they make.
 */
export const POLICY_QUEUE_NAME = 'policy-runs';

export const policyJobSchema = z.strictObject({
  v: z.literal(1),
  policyId: z.string().min(1),
  trigger: z.enum(['schedule', 'push', 'new-repository']),
  repository: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/)
    .optional(),
  /** The pushed head, for the record (the run reads the default branch as it is when it runs). */
  headSha: z.string().optional(),
});
export type PolicyJob = z.output<typeof policyJobSchema>;

/** How long after the last push of a burst a policy's run starts; tests shorten it. */
export const DEFAULT_PUSH_DEBOUNCE_MS = 15_000;

const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function createPolicyQueue(connection: ConnectionOptions, prefix: string): Queue {
  return new Queue(POLICY_QUEUE_NAME, { connection, prefix, defaultJobOptions: JOB_OPTIONS });
}

/** The run a policy job starts, named after the job, so a retried job finds the run its first attempt started. */
export function policyRunId(jobId: string): string {
  return `run_${createHash('sha256').update(`policy-job\n${jobId}`).digest('base64url').slice(0, 16)}`;
}

/**
 * One job per policy, repository and pushed head (redeliveries of a push add nothing), debounced: a push while the
 * previous one's job still waits replaces it and restarts the wait, so a burst of pushes makes one run.
 */
export async function enqueuePushRuns(
  queue: Queue,
  policies: readonly PolicyRecord[],
  repository: string,
  headSha: string,
  debounceMs: number,
): Promise<void> {
  for (const policy of policies) {
    const key = `${policy.id}/${repository.toLowerCase()}`;
    await queue.add(
      'push',
      policyJobSchema.parse({ v: 1, policyId: policy.id, trigger: 'push', repository, headSha }),
      {
        jobId: `push/${key}@${headSha}`,
        delay: debounceMs,
        deduplication: { id: `push/${key}`, ttl: debounceMs, extend: true, replace: true },
      },
    );
  }
}

/** One job per policy and new repository: GitHub's redeliveries of the event find the job there and add nothing. */
export async function enqueueNewRepositoryRuns(
  queue: Queue,
  policies: readonly PolicyRecord[],
  repositories: readonly string[],
): Promise<void> {
  const jobs = policies.flatMap((policy) =>
    repositories.map((repository) => ({
      name: 'new-repository',
      data: policyJobSchema.parse({ v: 1, policyId: policy.id, trigger: 'new-repository', repository }),
      opts: { jobId: `new-repository/${policy.id}/${repository.toLowerCase()}` },
    })),
  );
  if (jobs.length > 0) await queue.addBulk(jobs);
}
