/** Element ids of the Audit log page, shared by its HTML shell and its script. */
export const AUDIT_PAGE_IDS = {
  table: 'audit-table',
  more: 'audit-more',
  scopeNote: 'audit-scope',
} as const;
