import type { Queue } from 'bullmq';
import type { RunStore } from '../store/run-store.js';
import { cancelQueued } from './cancel-queued.js';

/** Ends the waiting repositories of every unfinished run of the account (suspended or deleted); running jobs finish. */
export async function stopAccountRuns(
  runs: RunStore,
  queue: Queue,
  accountId: string,
  reason: string,
): Promise<number> {
  const views = await runs.listForAccount(accountId);
  const open = views.filter((v) => v.status !== 'completed' && v.status !== 'cancelled').map((v) => v.id);
  return cancelQueued(runs, queue, open, reason);
}
