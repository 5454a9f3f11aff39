import { classifyGitHubError } from './classify-github-error.js';
import { githubUserSchema, oauthTokenResponseSchema, type GitHubUser } from './github-schemas.js';
import { createOctokit, type GitHubLogger } from './octokit-factory.js';

export interface OAuthAppSettings {
  /** GitHub's web host (https://github.com, a GHES host, or the emulator). */
  webUrl: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  fetch?: typeof globalThis.fetch;
  log?: GitHubLogger;
}

/** A sign-in that cannot complete; `code` is GitHub's OAuth error code or Rampart's own. */
export class OAuthSignInError extends Error {
  override name = 'OAuthSignInError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** GitHub Apps ask for no scopes: what the user token may do comes from the App's permissions. */
export function authorizeUrl(settings: Pick<OAuthAppSettings, 'webUrl' | 'clientId' | 'redirectUri'>, state: string): string {
  const url = new URL('/login/oauth/authorize', `${settings.webUrl}/`);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', settings.redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('allow_signup', 'false');
  return url.toString();
}

/**
 * Exchanges the callback's code for a user token and reads who signed in. The token is used for this
 * one `GET /user` and then dropped: Rampart keeps no GitHub user tokens from sign-in.
 */
export async function completeSignIn(settings: OAuthAppSettings, code: string): Promise<GitHubUser> {
  // Octokit's throttling treats this endpoint as an auth request (its own queue), so sign-ins never wait behind writes.
  // No retries for the exchange: a code works once, so a retried POST could only fail with "bad_verification_code".
  const web = createOctokit({ baseUrl: settings.webUrl, throttleId: `oauth-${settings.clientId}`, fetch: settings.fetch, log: settings.log, retries: 0 });
  let body: unknown;
  try {
    const res = await web.request('POST /login/oauth/access_token', {
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      code,
      redirect_uri: settings.redirectUri,
      headers: { accept: 'application/json' },
    });
    body = res.data;
  } catch (err) {
    const e = classifyGitHubError(err);
    throw new OAuthSignInError('github_unavailable', `GitHub did not complete the sign-in (${e.status ?? 'no answer'}: ${e.message}).`);
  }
  const parsed = oauthTokenResponseSchema.safeParse(body);
  if (!parsed.success) throw new OAuthSignInError('github_unavailable', 'GitHub answered the code exchange with something other than a token.');
  if ('error' in parsed.data) {
    throw new OAuthSignInError(parsed.data.error, `GitHub refused the sign-in: ${parsed.data.error_description ?? parsed.data.error}.`);
  }
  const api = createOctokit({ baseUrl: settings.apiUrl, token: parsed.data.access_token, fetch: settings.fetch, log: settings.log, retries: 1 });
  try {
    const res = await api.request('GET /user');
    return githubUserSchema.parse(res.data);
  } catch (err) {
    const e = classifyGitHubError(err);
    throw new OAuthSignInError('github_unavailable', `GitHub did not say who signed in (${e.status ?? 'no answer'}: ${e.message}).`);
  }
}
