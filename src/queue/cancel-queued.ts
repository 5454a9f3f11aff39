import type { Queue } from 'bullmq';
import type { RunStore } from '../store/run-store.js';
import { hardenJobId } from './harden-queue.js';

/**
 * Ends the not-yet-started repositories of the given runs as cancelled and takes their jobs off the queue. A job
 * already taken by a worker cannot be removed; it finds the repository cancelled (or its PAT gone) and stops.
 */
export async function cancelQueued(
  runs: RunStore,
  queue: Queue,
  runIds: readonly string[],
  reason: string,
): Promise<number> {
  let cancelled = 0;
  for (const runId of runIds) {
    const view = await runs.view(runId);
    if (!view) continue;
    for (const repo of view.repositories.filter((r) => r.status === 'queued')) {
      const done = await runs.setResult(runId, {
        repository: repo.repository,
        status: 'cancelled',
        credential: null,
        error: { code: 'cancelled', message: reason },
      });
      if (done) cancelled++;
      await queue.remove(hardenJobId(runId, repo.repository)).catch(() => 0);
    }
  }
  return cancelled;
}

/** The account's runs that were queued while a PAT was saved and still have work waiting. */
export async function runsUsingPat(runs: RunStore, accountId: string): Promise<string[]> {
  const views = await runs.listForAccount(accountId);
  const ids: string[] = [];
  for (const view of views) {
    if (view.status === 'completed' || view.status === 'cancelled') continue;
    const record = await runs.record(view.id);
    if (record?.withPat) ids.push(view.id);
  }
  return ids;
}

/**
 * Ends the waiting repositories of every run that would use the account's removed PAT. The API calls it before
 * DELETE returns, so no worker needs to be up; workers also call it when they hear of a removal (a safety net if
 * the API stopped in between). Both are safe to repeat.
 */
export async function cancelRunsOfRemovedPat(runs: RunStore, queue: Queue, accountId: string): Promise<number> {
  return cancelQueued(
    runs,
    queue,
    await runsUsingPat(runs, accountId),
    'The GitHub PAT was removed, so automation that would use it stopped.',
  );
}
