/** Ids of the frame every page shares, and of the alert and status regions each page has and its script writes to. */
export const SHELL_IDS = {
  main: 'main',
  signOut: 'sign-out',
  alert: 'page-alert',
  status: 'page-status',
} as const;
