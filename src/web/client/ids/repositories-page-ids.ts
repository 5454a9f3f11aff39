/** Element ids of the Repositories page, shared by its HTML shell and its script. */
export const REPOSITORIES_PAGE_IDS = {
  form: 'orchestrate-form',
  search: 'repo-search',
  selectAll: 'select-all',
  table: 'repo-table',
  noMatch: 'no-match',
  byName: 'repo-by-name',
  byNameError: 'repo-by-name-error',
  addByName: 'add-by-name',
  selectionCount: 'selection-count',
  orchestrate: 'orchestrate',
} as const;
