import { Redis } from 'ioredis';
import type { ServiceContext } from '../src/cli/service-bootstrap.js';
import { createAppCredentials } from '../src/github/app/app-credentials.js';
import { contentCreationLimiter } from '../src/github/content-creation-limiter.js';
import { cachedImageResolver, ociImageResolver } from '../src/github/registry/oci-image-resolver.js';
import { throttleCluster } from '../src/github/throttle-cluster.js';
import { createRampartMetrics, type RampartMetrics } from '../src/metrics/rampart-metrics.js';
import { serveMetrics } from '../src/metrics/serve-metrics.js';
import { workerHealth } from '../src/metrics/worker-health.js';
import { createHardenQueue } from '../src/queue/harden-queue.js';
import { createPolicyQueue } from '../src/queue/policy-queue.js';
import { DEFAULT_POLICY_TIMING, type PolicyTiming } from '../src/queue/policy-schedules.js';
import { observeRunDurations } from '../src/queue/observe-run-durations.js';
import { startHardenWorker } from './harden-worker.js';
import { startPolicyWorker } from './policy-worker.js';

/** Connections of its own: BullMQ's blocking reads and pub/sub must not share the store's connection. */
export async function runWorker(
  service: ServiceContext,
  concurrency: number,
  policyTiming: PolicyTiming = DEFAULT_POLICY_TIMING,
): Promise<{ metrics: RampartMetrics; close(): Promise<void> }> {
  const { config, logger } = service;
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const subscriber = new Redis(config.redisUrl);
  const queue = createHardenQueue(service.redis, service.store.keys.queuePrefix);
  const githubLog = logger.child({ component: 'github' });
  const metrics = createRampartMetrics({ queue, role: 'worker' });
  const log = {
    debug: (m: string) => githubLog.debug(m),
    info: (m: string) => githubLog.debug(m),
    warn: (m: string) => githubLog.warn(m),
    error: (m: string) => githubLog.error(m),
  };
  // GitHub's content-creation budget and Octokit's write queues are shared through Redis by every worker process;
  // both hold nothing per process, so a Redis restart or pause costs only the waits in flight (see throttle-cluster.ts).
  const contentLimiter = contentCreationLimiter({
    redis: service.redis,
    prefix: `${config.redisPrefix}content-limit:`,
  });
  const throttle = throttleCluster({ redis: service.redis, prefix: `${config.redisPrefix}throttle:`, log });
  const app = createAppCredentials({
    config,
    redis: service.redis,
    clock: service.clock,
    log,
    contentLimiter,
    throttleCluster: throttle,
  });
  const worker = await startHardenWorker(
    {
      store: service.store,
      vault: service.vault,
      clock: service.clock,
      githubApiUrl: config.githubApiUrl,
      githubLog: log,
      contentLimiter,
      throttleCluster: throttle,
      redis: service.redis,
      queue,
      app,
      logger,
      refCacheTtlSeconds: config.actionRefCacheSeconds,
      // Digests are kept as long as action refs: both move only when someone pushes the tag again.
      ...(config.resolveImages
        ? {
            imageResolver: cachedImageResolver(
              ociImageResolver({ fetch: globalThis.fetch, userAgent: 'rampart' }),
              config.actionRefCacheSeconds * 1000,
              () => service.clock.now(),
            ),
          }
        : {}),
      githubOnResponse: metrics.onGitHubResponse,
    },
    {
      concurrency,
      subscriber,
      connection,
      lockDurationMs: config.workerLockSeconds * 1000,
      fairness: { sharePercent: config.accountSlotSharePercent },
      shutdownMs: config.workerShutdownSeconds * 1000,
    },
  );
  // Policies: schedule ticks, pushes and new repositories become runs; connections of their own, as above.
  const policyConnection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const policySubscriber = new Redis(config.redisUrl);
  const policyQueue = createPolicyQueue(service.redis, service.store.keys.queuePrefix);
  const policies = await startPolicyWorker(
    {
      store: service.store,
      vault: service.vault,
      clock: service.clock,
      githubApiUrl: config.githubApiUrl,
      githubLog: log,
      githubOnResponse: metrics.onGitHubResponse,
      redis: service.redis,
      hardenQueue: queue,
      policyQueue,
      timing: policyTiming,
      appEnabled: app.enabled,
      maxWaiting: config.accountMaxWaiting,
      logger,
    },
    { connection: policyConnection, subscriber: policySubscriber },
  );
  observeRunDurations(worker.worker, {
    store: service.store,
    redis: service.redis,
    metrics,
    onError: (err) => logger.warn({ err: err.message }, 'could not observe a run duration'),
  });
  // What /healthz reports: each Redis connection the worker depends on, and the pacing's own script, answering.
  const health = workerHealth({
    checks: [
      { name: 'Redis (store and GitHub budgets)', check: () => service.redis.ping() },
      { name: 'Redis (job queue)', check: () => connection.ping() },
      { name: 'GitHub request pacing', check: () => throttle.check() },
    ],
    onChange: (s) =>
      s.healthy
        ? logger.info('worker healthy again: Redis answers')
        : logger.warn({ problems: s.problems }, `worker unhealthy: ${s.problems.join('; ')}`),
  });
  const server =
    config.workerMetricsPort === null
      ? null
      : await serveMetrics(metrics.registry, config.workerMetricsPort, undefined, health.status);
  if (server) logger.info({ port: server.port }, `worker metrics on :${server.port}/metrics`);
  return {
    metrics,
    async close() {
      health.stop();
      await server?.close();
      await policies.close();
      await worker.close();
      await policyQueue.close();
      await queue.close();
      await Promise.all([
        connection.quit(),
        subscriber.quit(),
        policyConnection.quit(),
        policySubscriber.quit(),
        throttle.close(),
      ]).catch(() => undefined);
    },
  };
}
