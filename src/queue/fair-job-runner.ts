import { randomBytes } from 'node:crypto';
import { DelayedError, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunStore } from '../store/run-store.js';
import { accountSlots, fairnessKeys, forgetJob } from './account-fairness.js';
import { hardenJobSchema } from './harden-queue.js';
import { HandBack, jobGate, type JobGate } from './job-gate.js';

export interface FairnessOptions {
  /** Percent of all running slots one account may hold while another account's job waits (default 50). */
  sharePercent?: number;
  /** A job that would wait longer than this for its credential's budget gives its slot back (default 5 s). */
  parkAfterMs?: number;
  /** How long a job over its account's share stays out of the way before it asks again (default 1 s). */
  deferMs?: number;
}

export interface FairRunnerDeps {
  redis: Redis;
  queue: Queue;
  runs: RunStore;
  concurrency: number;
  /** How long a running job's claim on its account's share lasts unless renewed (the worker's lock duration). */
  leaseMs: number;
  onError: (err: Error) => void;
}

/** "14:05 UTC": what the run page shows; the exact time is in `waiting_until`. */
export function clockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/**
 * Runs each job of one worker fairly: a job of an account over its share of the running slots, while another
 * account's job waits, goes back to the queue for a moment; a job that would wait long for its credential's GitHub
 * budget, or is still waiting when the worker stops, gives its slot back and comes again later.
 */
export function fairJobRunner(deps: FairRunnerDeps, options: FairnessOptions = {}) {
  const keys = fairnessKeys(deps.queue);
  const slots = accountSlots(deps.redis, keys, {
    workerId: randomBytes(8).toString('hex'),
    concurrency: deps.concurrency,
    sharePercent: options.sharePercent ?? 50,
    leaseMs: deps.leaseMs,
  });
  const parkAfterMs = options.parkAfterMs ?? 5000;
  const deferMs = options.deferMs ?? 1000;
  const stopping = new AbortController();
  const active = new Map<
    string,
    {
      job: Job;
      token: string;
      gate: JobGate;
      accountId: string;
      runId: string;
      repository: string;
      handedBack: boolean;
    }
  >();
  const heartbeat = setInterval(() => void slots.heartbeat().catch(deps.onError), Math.max(50, deps.leaseMs / 3));

  const park = async (a: { job: Job; token: string; runId: string; repository: string }, back: HandBack) => {
    const note =
      back.reason === 'github-limit'
        ? `waiting for GitHub's limit on this credential until ${clockTime(back.until)}`
        : 'back in the queue: the worker running it stopped';
    await deps.runs
      .setResult(a.runId, {
        repository: a.repository,
        status: 'queued',
        credential: null,
        note,
        ...(back.reason === 'github-limit' ? { waiting_until: new Date(back.until).toISOString() } : {}),
      })
      .catch(deps.onError);
    // A little spread, so the jobs of one credential do not all come back in the same millisecond.
    await a.job.moveToDelayed(back.until + Math.floor(Math.random() * 200), a.token);
  };

  return {
    slots,
    async ready(): Promise<void> {
      await slots.heartbeat();
    },

    async run(job: Job, token: string | undefined, process: (gate: JobGate) => Promise<void>): Promise<void> {
      const parsed = hardenJobSchema.safeParse(job.data);
      const gate = jobGate({ parkAfterMs, stopping: stopping.signal });
      if (!parsed.success || !token || !job.id) return process(gate);
      const { accountId, runId, repository } = parsed.data;
      const jobId = job.id;
      if (stopping.signal.aborted) {
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      if (!(await slots.start(accountId, jobId))) {
        await job.moveToDelayed(Date.now() + deferMs, token);
        throw new DelayedError();
      }
      const entry = { job, token, gate, accountId, runId, repository, handedBack: false };
      active.set(jobId, entry);
      const renew = setInterval(
        () => void slots.renew(accountId, jobId).catch(deps.onError),
        Math.max(50, deps.leaseMs / 3),
      );
      try {
        await process(gate);
      } catch (err) {
        const back = gate.handBack;
        if (!back) throw err;
        if (!entry.handedBack) await park(entry, back);
        throw new DelayedError();
      } finally {
        clearInterval(renew);
        active.delete(jobId);
        await slots.release(accountId, jobId).catch(deps.onError);
      }
    },

    /** A job ended for good (completed, or failed with no attempt left): it no longer counts for its account. */
    async finished(job: Job | undefined): Promise<void> {
      const parsed = hardenJobSchema.safeParse(job?.data);
      if (parsed.success && job?.id) await forgetJob(deps.redis, keys, parsed.data.accountId, job.id);
    },

    /** From now on every wait hands its job back; jobs doing work go on. */
    stop(): void {
      stopping.abort();
    },

    runningHere(): number {
      return active.size;
    },

    /** The bound is reached: every job still here goes back to the queue at once, and stops before its next write. */
    async handBackAll(): Promise<number> {
      const all = [...active.values()].filter((a) => !a.handedBack);
      await Promise.all(
        all.map(async (a) => {
          a.handedBack = true;
          a.gate.interrupt();
          await park(a, new HandBack(Date.now(), 'shutdown')).catch(deps.onError);
          await slots.release(a.accountId, a.job.id ?? '').catch(deps.onError);
        }),
      );
      return all.length;
    },

    async close(): Promise<void> {
      clearInterval(heartbeat);
      await slots.leave().catch(deps.onError);
    },
  };
}

export type FairJobRunner = ReturnType<typeof fairJobRunner>;
