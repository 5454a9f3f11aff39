import { randomBytes } from 'node:crypto';
import { ApiError } from '../http/api-error.js';
import type { Actor, Repo } from '../model.js';
import type { EmulatorState } from '../state.js';

/**
 * Org policies that refuse classic PATs (docs/github-behaviour.md#permission-checks): a classic-PAT ban, and SAML SSO for
 * tokens not authorized for the org. [I] They guard private repositories and writes only:
 * public resources stay readable, as with any token.
 */
export function checkOrgPolicy(
  state: EmulatorState,
  actor: Actor,
  repo: Repo,
  write: boolean,
  docs: string,
  htmlUrl: string,
): void {
  if (actor.kind !== 'classic' || (!repo.private && !write)) return;
  const org = state.org(repo.ownerLogin);
  if (!org) return;
  if (org.classicPats === 'forbidden') {
    // [O refined-github#6951] "… forbids access via a personal access token (classic) …"; the rest of the sentence is [I].
    throw new ApiError(
      403,
      `\`${org.login}\` forbids access via a personal access token (classic). Please use a GitHub App, OAuth App, or a personal access token with fine-grained permissions.`,
      { docs },
    );
  }
  const authorized = actor.token.ssoAuthorized;
  if (org.samlSso && authorized !== null && !authorized.includes(org.login.toLowerCase())) {
    const url = `${htmlUrl}/orgs/${org.login}/sso?authorization_request=${randomBytes(12).toString('hex')}`;
    throw new ApiError(
      403,
      'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
      {
        docs,
        headers: { 'x-github-sso': `required; url=${url}` },
      },
    );
  }
}
