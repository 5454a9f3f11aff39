import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { cancelRunsOfRemovedPat } from '../src/queue/cancel-queued.js';
import { fairJobRunner, type FairnessOptions } from '../src/queue/fair-job-runner.js';
import { githubBackoff, HARDEN_QUEUE_NAME, hardenJobSchema } from '../src/queue/harden-queue.js';
import { subscribeToCredentialEvents } from '../src/store/credential-events.js';
import type { HardenJobDeps } from './harden-job-deps.js';
import { processHardenJob } from './process-harden-job.js';

export interface HardenWorker {
  /**
   * Stops taking jobs and lets the running ones finish for up to `shutdownMs` (jobs waiting for GitHub's limit are
   * handed back at once); the ones still running then are handed back to the queue, and it returns.
   */
  close(): Promise<void>;
  worker: Worker;
}

/**
 * A worker process's share of the queue. Every worker also listens for PAT removals, so the waiting jobs of the
 * runs that would use the removed PAT end as cancelled at once, wherever they sit in the queue.
 */
export async function startHardenWorker(
  deps: HardenJobDeps,
  options: {
    concurrency: number;
    subscriber: Redis;
    connection: Redis;
    lockDurationMs?: number;
    fairness?: FairnessOptions;
    shutdownMs?: number;
  },
): Promise<HardenWorker> {
  const fairLog = deps.logger.child({ component: 'fairness' });
  const fair = fairJobRunner(
    {
      redis: deps.redis,
      queue: deps.queue,
      runs: deps.store.runs,
      concurrency: options.concurrency,
      leaseMs: options.lockDurationMs ?? 30_000,
      onError: (err) => fairLog.warn({ err: err.message }, 'fair-share bookkeeping failed'),
    },
    options.fairness,
  );
  await fair.ready();
  const worker = new Worker(
    HARDEN_QUEUE_NAME,
    (job, token) => fair.run(job, token, (gate) => processHardenJob(job, deps, gate)),
    {
      connection: options.connection,
      prefix: deps.store.keys.queuePrefix,
      concurrency: options.concurrency,
      // A killed worker's job is noticed as stalled once its lock expires, and retried (BullMQ's default is 30 s).
      ...(options.lockDurationMs !== undefined
        ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs }
        : {}),
      // A Redis outage longer than a lock stalls every running job once; a worker crash right after must not fail them.
      maxStalledCount: 2,
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) => githubBackoff(attemptsMade, err),
      },
    },
  );
  const log = deps.logger.child({ component: 'worker' });
  worker.on('stalled', (jobId) =>
    log.warn({ jobId }, 'a job stalled (its worker stopped answering); BullMQ puts it back on the queue'),
  );
  worker.on('failed', (job, err) => {
    log.info({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err.message }, 'job failed');
    // A job BullMQ gives up on without the processor's say (stalled too often) must still end its repository; a
    // final state the processor already recorded is kept (setResult never overwrites one).
    const parsed = hardenJobSchema.safeParse(job?.data);
    if (!job?.finishedOn || !parsed.success) return;
    const message = /stalled/i.test(err.message)
      ? 'The workers running this repository stopped answering too often; run the repository again.'
      : `The job failed: ${err.message}`;
    void deps.store.runs
      .setResult(parsed.data.runId, {
        repository: parsed.data.repository,
        status: 'failed',
        credential: null,
        error: { code: 'job_failed', message },
      })
      .catch((e: Error) => log.error({ err: e.message }, 'could not record a failed job'));
  });
  worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));
  worker.on('completed', (job) => void fair.finished(job));
  worker.on('failed', (job) => void (job?.finishedOn ? fair.finished(job) : undefined));
  const unsubscribe = await subscribeToCredentialEvents(options.subscriber, deps.store.keys, (event) => {
    if (event.event !== 'removed') return;
    void cancelRunsOfRemovedPat(deps.store.runs, deps.queue, event.accountId).catch((err: Error) =>
      log.error({ err: err.message }, 'could not cancel the jobs of a removed PAT'),
    );
  });
  await worker.waitUntilReady();
  return {
    worker,
    async close() {
      fair.stop();
      await worker.pause(true).catch(() => undefined);
      const until = Date.now() + Math.max(0, (options.shutdownMs ?? 30_000) - 2000);
      while (fair.runningHere() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const handedBack = fair.runningHere() > 0 ? await fair.handBackAll() : 0;
      if (handedBack > 0) log.warn({ handedBack }, 'stopping: jobs still running were handed back to the queue');
      await worker.close(handedBack > 0);
      await fair.close();
      await unsubscribe();
    },
  };
}
