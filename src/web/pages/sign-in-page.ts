import { PAGE_NAMES } from '../client/ids/page-names.js';
import { html } from '../html.js';
import type { Page } from '../page-shell.js';

export function signInPage(returnTo: string, signInConfigured: boolean): Page {
  const action = signInConfigured
    ? html`<p><a class="button primary" href="/auth/github/login?return_to=${encodeURIComponent(returnTo)}">Sign in with GitHub</a></p>
<p class="hint">GitHub asks you to approve Rampart's GitHub App; Rampart learns your login and email, nothing more.</p>`
    : html`<p class="notice error" role="alert">Sign-in with GitHub is not configured on this Rampart (the GITHUB_APP_* settings are absent). Ask its operator, or use the API with an API token.</p>`;
  return {
    id: PAGE_NAMES.signIn,
    title: 'Sign in',
    body: html`<h1>Sign in to Rampart</h1>
<p>Rampart hardens the GitHub Actions workflows of your repositories (pinned actions, least-privilege tokens, safer checkouts) and delivers every change as a pull request you review.</p>
${action}`,
  };
}
