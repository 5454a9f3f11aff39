import type { Redis } from 'ioredis';
import type { TokenServiceDeps } from '../accounts/api-tokens.js';
import type { Clock } from '../clock.js';
import { cookiesAreSecure, type Config } from '../config/load-config.js';
import type { PatDeps } from '../credentials/pat-deps.js';
import type { PullRequestClosedHandler } from '../github/app/app-webhooks.js';
import type { Logger } from '../log.js';
import { createStore, type Store } from '../store/store.js';
import type { Vault } from '../vault/vault.js';
import type { Queue } from 'bullmq';
import { createHardenQueue } from '../queue/harden-queue.js';
import { createPolicyQueue } from '../queue/policy-queue.js';
import { DEFAULT_POLICY_TIMING, type PolicyTiming } from '../queue/policy-schedules.js';
import { createRateLimits, type RateLimits } from './middleware/rate-limits.js';
import { createRampartMetrics, type RampartMetrics } from '../metrics/rampart-metrics.js';

/** What the API is built from; everything with an edge (Redis, GitHub, time, logs) comes in here. */
export interface ApiDeps {
  config: Config;
  redis: Redis;
  logger: Logger;
  clock: Clock;
  vault: Vault;
  /** Used for every GitHub call (through the Octokit factory); the global fetch by default. */
  fetch?: typeof globalThis.fetch;
  /** Told about every pull request a verified GitHub App webhook reports closed (the run store); optional. */
  onPullRequestClosed?: PullRequestClosedHandler;
  /** When policies run (schedules, push debounce); tests shorten it. */
  policyTiming?: PolicyTiming;
}

/** Derived once per app: the store, the services' dependencies, cookie security, rate limits. */
export interface ApiRuntime {
  deps: ApiDeps;
  store: Store;
  tokens: TokenServiceDeps;
  pats: PatDeps;
  secureCookies: boolean;
  limits: RateLimits;
  /** Where orchestrations put their jobs; shares the API's Redis connection. */
  queue: Queue;
  /** Where policy runs are scheduled and triggered; shares the API's Redis connection. */
  policyQueue: Queue;
  policyTiming: PolicyTiming;
  /** This app's own Prometheus registry (served at /metrics when enabled). */
  metrics: RampartMetrics;
}

export function createRuntime(deps: ApiDeps): ApiRuntime {
  const { config, redis, clock } = deps;
  const store = createStore({ redis, prefix: config.redisPrefix, clock, sessionTtlSeconds: config.sessionTtlSeconds });
  const githubLog = deps.logger.child({ component: 'github' });
  const queue = createHardenQueue(redis, store.keys.queuePrefix);
  // Without a listener BullMQ prints Redis outages with console.error; they belong in the log (readiness reports them).
  const queueLog = deps.logger.child({ component: 'queue' });
  queue.on('error', (err) => queueLog.warn({ err: err.message }, 'the job queue could not reach Redis'));
  const metrics = createRampartMetrics({ queue, role: 'api' });
  const policyQueue = createPolicyQueue(redis, store.keys.queuePrefix);
  policyQueue.on('error', (err) => queueLog.warn({ err: err.message }, 'the policy queue could not reach Redis'));
  return {
    deps,
    store,
    tokens: { store, clock, maxLifetimeDays: config.apiTokenMaxLifetimeDays },
    pats: {
      store,
      vault: deps.vault,
      clock,
      githubApiUrl: config.githubApiUrl,
      fetch: deps.fetch,
      githubOnResponse: metrics.onGitHubResponse,
      githubLog: {
        debug: (m) => githubLog.debug(m),
        // Octokit logs every request line at info; that is debug detail for Rampart.
        info: (m) => githubLog.debug(m),
        warn: (m) => githubLog.warn(m),
        error: (m) => githubLog.error(m),
      },
    },
    secureCookies: cookiesAreSecure(config),
    limits: createRateLimits(redis, store.keys, {
      ip: config.rateLimit.ipPerMinute,
      user: config.rateLimit.userPerMinute,
    }),
    queue,
    policyQueue,
    policyTiming: deps.policyTiming ?? DEFAULT_POLICY_TIMING,
    metrics,
  };
}
