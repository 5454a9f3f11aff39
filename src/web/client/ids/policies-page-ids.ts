/** Element ids of the Policies page, shared by its HTML shell and its script. */
export const POLICIES_PAGE_IDS = {
  formHeading: 'policy-form-heading',
  form: 'policy-form',
  name: 'policy-name',
  /** The `name` of the two repository-scope radio buttons, not an id. */
  scopeInputName: 'policy-scope',
  scopeAll: 'policy-scope-all',
  scopeListed: 'policy-scope-listed',
  repositories: 'policy-repositories',
  repositoriesField: 'policy-repositories-field',
  schedule: 'policy-schedule',
  push: 'policy-push',
  newRepositories: 'policy-new-repositories',
  draft: 'policy-draft',
  save: 'policy-save',
  cancelEdit: 'policy-cancel-edit',
  listHeading: 'policy-list-heading',
  table: 'policy-table',
} as const;
