/** Element ids of the Runs page, shared by its HTML shell and its script. */
export const RUNS_PAGE_IDS = {
  table: 'runs-table',
} as const;
