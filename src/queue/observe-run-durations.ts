import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RampartMetrics } from '../metrics/rampart-metrics.js';
import type { Store } from '../store/store.js';

const MARK_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Observes each run's duration in the worker, when a job ends and its run is thereby complete. Chosen over computing at
 * scrape time from recent runs, which would need an index of all runs and would count a run again on every scrape.
 * Several workers can see the same run complete (the last two jobs can end together), so a SET NX marker lets exactly
 * one of them observe it. Duration: from the run's creation to its last repository's final update.
 */
export function observeRunDurations(
  worker: Worker,
  deps: { store: Store; redis: Redis; metrics: RampartMetrics; onError: (err: Error) => void },
): void {
  const check = (job: Job | undefined) => {
    const runId = (job?.data as { runId?: unknown } | undefined)?.runId;
    if (typeof runId !== 'string') return;
    void (async () => {
      const run = await deps.store.runs.view(runId);
      if (!run || run.status !== 'completed') return;
      const first = await deps.redis.set(deps.store.keys.runDurationObserved(runId), '1', 'EX', MARK_TTL_SECONDS, 'NX');
      if (first !== 'OK') return;
      const last = Math.max(...run.repositories.map((r) => Date.parse(r.updated_at)));
      deps.metrics.observeRunDuration(Math.max(0, (last - Date.parse(run.created_at)) / 1000));
    })().catch(deps.onError);
  };
  worker.on('completed', (job) => check(job));
  worker.on('failed', (job) => check(job));
}
