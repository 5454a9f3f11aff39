import { classifyGitHubError } from '../github/classify-github-error.js';

/**
 * Whether a failure means "this credential cannot do the work here" (so the App may try), and in what words.
 * docs/github-behaviour.md#workflows-gate: classic PATs without `workflow` get 404 on tree creation, fine-grained PATs without Workflows
 * get 500 with X-Accepted-GitHub-Permissions on ref updates, App tokens 403 "by integration"; a repository the
 * token cannot see is 404 (REST) or NOT_FOUND (GraphQL).
 */
export function credentialShortfall(err: unknown): string | undefined {
  const c = classifyGitHubError(err);
  const headers = (err as { response?: { headers?: Record<string, unknown> } })?.response?.headers ?? {};
  const accepted = headers['x-accepted-github-permissions'];
  const requestUrl = (err as { request?: { url?: unknown } })?.request?.url;
  const url = typeof requestUrl === 'string' ? requestUrl : '';
  if (c.kind === 'unauthorized') return 'GitHub no longer accepts it (expired or revoked)';
  if (c.kind === 'not-found') {
    if (/\/git\/trees$/.test(url)) return 'it cannot change workflow files (a classic PAT needs the `workflow` scope)';
    return 'it cannot see the repository';
  }
  if (c.kind === 'forbidden') {
    // createCommitOnBranch refuses workflow files in git push's words [I] (docs/github-behaviour.md#commit-signatures).
    if (/refusing to allow .* workflow/i.test(c.message))
      return 'it cannot change workflow files (it needs the Workflows (write) permission, or the `workflow` scope for a classic PAT)';
    if (c.reason === 'sso-required') return 'the organization requires SAML SSO authorization for it';
    if (c.reason === 'classic-pat-blocked') return 'the organization does not allow classic PATs';
    if (/\/git\/trees$/.test(url)) return 'it lacks the Workflows (write) permission';
    if (/\/pulls/.test(url)) return 'it lacks the Pull requests (write) permission';
    return 'it lacks write access (Contents, Pull requests and Workflows: read and write are needed)';
  }
  if (c.kind === 'server' && typeof accepted === 'string' && /workflows=write/.test(accepted)) {
    return 'it lacks the Workflows (write) permission';
  }
  return undefined;
}
