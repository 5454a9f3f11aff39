import { Redis } from 'ioredis';
import { collectingDestination, createLogger } from '../../../../src/log.js';
import type { FairnessOptions } from '../../../../src/queue/fair-job-runner.js';
import { createHardenQueue } from '../../../../src/queue/harden-queue.js';
import { startHardenWorker, type HardenWorker } from '../../../../workers/harden-worker.js';
import type { HardenJobDeps } from '../../../../workers/harden-job-deps.js';
import type { Harness } from '../../api/support/harness.js';
import { noApp } from './orchestrate-fixture.js';

/**
 * A worker as `rampart worker` wires it, with its fairness and shutdown settings given; `close` keeps the queue,
 * `closeAll` also empties it.
 */
export async function startFairWorker(
  h: Harness,
  o: {
    concurrency: number;
    fairness?: FairnessOptions;
    shutdownMs?: number;
    lockDurationMs?: number;
    deps?: Partial<HardenJobDeps>;
  },
): Promise<HardenWorker & { closeAll(): Promise<void> }> {
  const connection = new Redis(h.config.redisUrl, { maxRetriesPerRequest: null });
  const subscriber = new Redis(h.config.redisUrl);
  const queue = createHardenQueue(h.redis, h.store.keys.queuePrefix);
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const logger = createLogger({ level: 'warn', destination: collectingDestination((line) => h.logs.push(line)) });
  const worker = await startHardenWorker(
    {
      store: h.store,
      vault: h.vault,
      clock: h.clock,
      githubApiUrl: h.config.githubApiUrl,
      githubLog: silent,
      redis: h.redis,
      queue,
      app: noApp,
      logger,
      refCacheTtlSeconds: 3600,
      ...o.deps,
    },
    {
      concurrency: o.concurrency,
      subscriber,
      connection,
      ...(o.fairness ? { fairness: o.fairness } : {}),
      ...(o.shutdownMs !== undefined ? { shutdownMs: o.shutdownMs } : {}),
      ...(o.lockDurationMs !== undefined ? { lockDurationMs: o.lockDurationMs } : {}),
    },
  );
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await worker.close();
    await Promise.all([connection.quit(), subscriber.quit()]);
  };
  return {
    ...worker,
    close,
    async closeAll() {
      await close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    },
  };
}

/** @octokit/plugin-throttling's spacing (1 s between writes, 3 s between PRs) divided by `scale`, for this test file. */
export async function scaleOctokitPacing(scale: number): Promise<void> {
  type GroupCtor = new (options?: { minTime?: number }) => object;
  const light = 'bottleneck/light.js'; // the module the plugin imports; it builds its groups on the first request
  const B = ((await import(light)) as { default: { Group: GroupCtor } }).default;
  const Base = B.Group;
  B.Group = class extends Base {
    constructor(options: { minTime?: number } = {}) {
      super(options.minTime ? { ...options, minTime: options.minTime / scale } : options);
    }
  };
}
