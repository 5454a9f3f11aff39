/** Element ids of Settings → Orchestrate Options, shared by its HTML shell and its script. */
export const OPTIONS_PAGE_IDS = {
  heading: 'options-heading',
  form: 'options-form',
  ruleList: 'rule-list',
  egressPolicy: 'egress-policy',
  egressHelp: 'egress-help',
  allowedEndpoints: 'allowed-endpoints',
  allowedEndpointsHelp: 'allowed-endpoints-help',
  allowedEndpointsError: 'allowed-endpoints-error',
  reportFindings: 'report-findings',
  reportFindingsHelp: 'report-findings-help',
  branch: 'branch-name',
  prTitle: 'pr-title',
  draft: 'draft-prs',
  save: 'save-options',
} as const;
