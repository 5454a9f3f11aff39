/**
 * One sentence per way the App path can fail: what is missing, and who can fix it where. They reach users
 * (run results, API answers), so they name accounts, repositories and GitHub pages, never credentials.
 */
const WHERE_SETTINGS = 'in its settings under GitHub Apps';
const ACTS_ONLY = 'the App only acts on repositories where you have write, maintain or admin';

const at = (url: string | null, otherwise: string) => (url ? `at ${url}` : otherwise);

export const appCredentialMessages = {
  notConfigured: () =>
    'The GitHub App fallback is not set up on this Rampart server; an administrator can enable it with the GITHUB_APP_* settings, or you can save a PAT with Contents, Pull requests and Workflows write access.',
  credentialsRejected: () =>
    "GitHub refused the Rampart GitHub App's credentials; an administrator must check GITHUB_APP_ID and the App's private key (GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_FILE).",
  notInstalled: (owner: string, installUrl: string | null) =>
    `The Rampart GitHub App is not installed on ${owner}; an owner of ${owner} can install it ${at(installUrl, "from the App's page on GitHub")}.`,
  suspended: (owner: string, settingsUrl: string | null) =>
    `The Rampart GitHub App is suspended on ${owner}; an owner of ${owner} can unsuspend it ${at(settingsUrl, WHERE_SETTINGS)}.`,
  notInInstallation: (owner: string, repository: string, settingsUrl: string | null) =>
    `The Rampart GitHub App is installed on ${owner} but has no access to ${repository}; an owner of ${owner} can add the repository to the installation ${at(settingsUrl, WHERE_SETTINGS)}.`,
  lacksPermissions: (owner: string, settingsUrl: string | null) =>
    `The Rampart GitHub App's installation on ${owner} does not grant Contents, Pull requests and Workflows write access; an owner of ${owner} must accept those permissions ${at(settingsUrl, WHERE_SETTINGS)} (the App's owner may first need to request them).`,
  userRole: (login: string, role: string, repository: string) =>
    role === 'none'
      ? `${login} has no access to ${repository}; ${ACTS_ONLY}.`
      : `${login} has ${role} access to ${repository}; ${ACTS_ONLY}.`,
  unknownUser: (login: string, repository: string) =>
    `GitHub knows no user ${login}, so Rampart cannot check your access to ${repository}; sign in again with your current GitHub account.`,
  noLogin: (repository: string) =>
    `Rampart does not know your GitHub login, so the App cannot check your access to ${repository}; sign in with GitHub, or save a PAT.`,
  unavailable: (repository: string) =>
    `GitHub did not answer while Rampart checked the GitHub App's access to ${repository}; Rampart will try again.`,
};
