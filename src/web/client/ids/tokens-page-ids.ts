/** Element ids of Settings → API tokens, shared by its HTML shell and its script. */
export const TOKENS_PAGE_IDS = {
  heading: 'tokens-heading',
  form: 'token-form',
  name: 'token-name',
  /** The `name` of the scope checkboxes, not an id: the script reads the ticked ones by it. */
  scopeInputName: 'scopes',
  expiration: 'token-expiration',
  expirationNone: 'expiration-none',
  customDateField: 'custom-date-field',
  customDate: 'token-expiration-date',
  create: 'create-token',
  newToken: 'new-token',
  newTokenHeading: 'new-token-heading',
  newTokenValue: 'new-token-value',
  copy: 'copy-token',
  copyStatus: 'copy-status',
  listHeading: 'token-list-heading',
  table: 'token-table',
} as const;
