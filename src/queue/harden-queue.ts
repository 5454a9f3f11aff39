import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { admitJobs, fairnessKeys } from './account-fairness.js';

export const HARDEN_QUEUE_NAME = 'harden-repository';

/** A job names what to do by id only; the credential is looked up (and decrypted) by the worker that runs it. */
export const hardenJobSchema = z.strictObject({
  v: z.literal(1),
  runId: z.string().min(1),
  accountId: z.string().min(1),
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
});
export type HardenJob = z.output<typeof hardenJobSchema>;

/** How often a job is tried when GitHub fails transiently (5xx, network, rate limits). */
export const HARDEN_JOB_ATTEMPTS = 5;

/** Deterministic: the same repository in the same run is one job, however often it is enqueued. */
export function hardenJobId(runId: string, repository: string): string {
  return `${runId}/${repository.toLowerCase()}`;
}

export function createHardenQueue(connection: ConnectionOptions, prefix: string): Queue {
  return new Queue(HARDEN_QUEUE_NAME, { connection, prefix });
}

/**
 * Counts a run's repositories against what its account may have waiting; false (with the count already waiting)
 * when they would pass `max`, and then nothing is counted.
 */
export async function admitHardenJobs(
  redis: Redis,
  queue: Queue,
  input: { runId: string; accountId: string; repositories: readonly string[]; max: number },
): Promise<{ admitted: boolean; waiting: number }> {
  const ids = input.repositories.map((r) => hardenJobId(input.runId, r));
  return admitJobs(redis, fairnessKeys(queue), input.accountId, ids, input.max);
}

export async function enqueueHardenJobs(
  queue: Queue,
  runId: string,
  accountId: string,
  repositories: readonly string[],
): Promise<void> {
  await queue.addBulk(
    repositories.map((repository) => ({
      name: 'harden',
      data: hardenJobSchema.parse({ v: 1, runId, accountId, repository }),
      opts: {
        jobId: hardenJobId(runId, repository),
        attempts: HARDEN_JOB_ATTEMPTS,
        backoff: { type: 'github' },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    })),
  );
}

/**
 * The delay before a retry: what GitHub asked for (retry-after / rate-limit reset) when it said, else exponential
 * from 2 s, capped at 5 minutes.
 */
export function githubBackoff(attemptsMade: number, err: unknown): number {
  const asked = (err as { retryAfterSeconds?: unknown })?.retryAfterSeconds;
  if (typeof asked === 'number' && asked > 0) return Math.min(asked, 3600) * 1000;
  return Math.min(2000 * 2 ** Math.max(attemptsMade - 1, 0), 300_000);
}
