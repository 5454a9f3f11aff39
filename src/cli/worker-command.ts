import { Command } from 'commander';
import { Redis } from 'ioredis';
import { collectingDestination } from '../log.js';
import { observeRunDurations } from '../metrics/observe-run-durations.js';
import { createRampartMetrics, type RampartMetrics } from '../metrics/rampart-metrics.js';
import { serveMetrics } from '../metrics/serve-metrics.js';
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
  // GitHub's content-creation budget and Octokit's write queues are shared through Redis by every worker process; a
  // SIGKILLed worker's place in those queues is given up within seconds (see throttle-cluster.ts).
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
    { concurrency, subscriber, connection, lockDurationMs: config.workerLockSeconds * 1000 },
  );
  observeRunDurations(worker.worker, { store: service.store, redis: service.redis, metrics, onError: (err) => logger.warn({ err: err.message }, 'could not observe a run duration') });
  const server = config.workerMetricsPort === null ? null : await serveMetrics(metrics.registry, config.workerMetricsPort);
  if (server) logger.info({ port: server.port }, `worker metrics on :${server.port}/metrics`);
  return {
    metrics,
    async close() {
      await server?.close();
      await worker.close();
      await queue.close();
      await Promise.all([connection.quit(), subscriber.quit(), throttle.close()]).catch(() => undefined);
    },
  };
}
