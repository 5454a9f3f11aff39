import { Command } from 'commander';
import { Redis } from 'ioredis';
import { collectingDestination } from '../log.js';
import { observeRunDurations } from '../metrics/observe-run-durations.js';
import { createRampartMetrics, type RampartMetrics } from '../metrics/rampart-metrics.js';
import { serveMetrics } from '../metrics/serve-metrics.js';
import { workerHealth } from '../metrics/worker-health.js';
import { createHardenQueue } from '../queue/harden-queue.js';
import { startHardenWorker } from '../../workers/harden-worker.js';
import { createAppCredentials } from '../github/app/app-credentials.js';
import { contentCreationLimiter } from '../github/content-creation-limiter.js';
import { throttleCluster } from '../github/throttle-cluster.js';
import { untilSignal, type SignalSource } from './api-command.js';
import type { CliIo } from './cli-io.js';
import { bootstrapService, type ServiceContext } from './service-bootstrap.js';

export function workerCommand(io: CliIo, setExit: (code: number) => void, signals: SignalSource = process): Command {
  return new Command('worker')
    .description('Run a worker: takes hardening jobs from the queue (run as many as you like)')
    .option('--concurrency <n>', 'jobs at once in this process (env RAMPART_WORKER_CONCURRENCY)', (v) => Number.parseInt(v, 10))
    .action(async (flags: { concurrency?: number }) => {
      const service = await bootstrapService({ env: io.env, logDestination: collectingDestination((line) => io.stdout(line)) });
      try {
        const worker = await runWorker(service, flags.concurrency ?? service.config.workerConcurrency);
        service.logger.info({ concurrency: flags.concurrency ?? service.config.workerConcurrency }, 'worker ready');
        await untilSignal(signals);
        service.logger.info('shutting down: taking no new jobs, finishing the running ones');
        await worker.close();
      } finally {
        await service.close();
      }
      service.logger.info('stopped');
      setExit(0);
    });
}

/** Connections of its own: BullMQ's blocking reads and pub/sub must not share the store's connection. */
export async function runWorker(service: ServiceContext, concurrency: number): Promise<{ metrics: RampartMetrics; close(): Promise<void> }> {
  const { config, logger } = service;
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const subscriber = new Redis(config.redisUrl);
  const queue = createHardenQueue(service.redis, service.store.keys.queuePrefix);
  const githubLog = logger.child({ component: 'github' });
  const metrics = createRampartMetrics({ queue, role: 'worker' });
  const log = { debug: (m: string) => githubLog.debug(m), info: (m: string) => githubLog.debug(m), warn: (m: string) => githubLog.warn(m), error: (m: string) => githubLog.error(m) };
  // GitHub's content-creation budget and Octokit's write queues are shared through Redis by every worker process;
  // both hold nothing per process, so a Redis restart or pause costs only the waits in flight (see throttle-cluster.ts).
  const contentLimiter = contentCreationLimiter({ redis: service.redis, prefix: `${config.redisPrefix}content-limit:` });
  const throttle = throttleCluster({ redis: service.redis, prefix: `${config.redisPrefix}throttle:`, log });
  const app = createAppCredentials({ config, redis: service.redis, clock: service.clock, log, contentLimiter, throttleCluster: throttle });
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
  observeRunDurations(worker.worker, { store: service.store, redis: service.redis, metrics, onError: (err) => logger.warn({ err: err.message }, 'could not observe a run duration') });
  // What /healthz reports: each Redis connection the worker depends on, and the pacing's own script, answering.
  const health = workerHealth({
    checks: [
      { name: 'Redis (store and GitHub budgets)', check: () => service.redis.ping() },
      { name: 'Redis (job queue)', check: () => connection.ping() },
      { name: 'GitHub request pacing', check: () => throttle.check() },
    ],
    onChange: (s) =>
      s.healthy ? logger.info('worker healthy again: Redis answers') : logger.warn({ problems: s.problems }, `worker unhealthy: ${s.problems.join('; ')}`),
  });
  const server = config.workerMetricsPort === null ? null : await serveMetrics(metrics.registry, config.workerMetricsPort, undefined, health.status);
  if (server) logger.info({ port: server.port }, `worker metrics on :${server.port}/metrics`);
  return {
    metrics,
    async close() {
      health.stop();
      await server?.close();
      await worker.close();
      await queue.close();
      await Promise.all([connection.quit(), subscriber.quit(), throttle.close()]).catch(() => undefined);
    },
  };
}
