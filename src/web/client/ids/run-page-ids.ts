/** Element ids of one run's page, shared by its HTML shell and its script. */
export const RUN_PAGE_IDS = {
  /** Carries the run's id in `data-run-id` (read as `dataset.runId`). */
  runId: 'run-id',
  status: 'run-status',
  counts: 'run-counts',
  cancel: 'cancel-run',
  live: 'live-status',
  repositories: 'run-repositories',
} as const;
