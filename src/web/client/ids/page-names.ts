/** Each page's `data-page`: the shell writes it on <body>, the script picks the page's code by it. */
export const PAGE_NAMES = {
  signIn: 'sign-in',
  repositories: 'repositories',
  runs: 'runs',
  run: 'run',
  policies: 'policies',
  settingsPat: 'settings-pat',
  settingsOptions: 'settings-options',
  settingsTokens: 'settings-tokens',
  audit: 'audit',
  setupGithubApp: 'setup-github-app',
} as const;

export type PageName = (typeof PAGE_NAMES)[keyof typeof PAGE_NAMES];
