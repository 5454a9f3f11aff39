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
export function authorizeUrl(
  settings: Pick<OAuthAppSettings, 'webUrl' | 'clientId' | 'redirectUri'>,
  state: string,
): string {
  const url = new URL('/login/oauth/authorize', `${settings.webUrl}/`);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', settings.redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('allow_signup', 'false');
  return url.toString();
}

/** The sign-in's user token; kept (sealed) only when organization membership must be checked again later. */
export interface UserToken {
  accessToken: string;
  refreshToken: string | null;
  /** When the access token stops working; null for tokens that do not expire. */
  accessExpiresAt: string | null;
  refreshExpiresAt: string | null;
}

/** Exchanges the callback's code for a user token and reads who signed in. */
export async function completeSignIn(settings: OAuthAppSettings, code: string): Promise<GitHubUser> {
  return (await signInWithCode(settings, code)).user;
}

/**
 * Exchanges the callback's code for a user token and reads who signed in (`GET /user`). The caller decides whether the
 * token is kept: only to check organization membership again (RAMPART_ALLOWED_ORGS), sealed in the vault.
 */
export async function signInWithCode(
  settings: OAuthAppSettings,
  code: string,
  now: () => number = Date.now,
): Promise<{ user: GitHubUser; token: UserToken }> {
  const token = await tokenRequest(settings, { code, redirect_uri: settings.redirectUri }, now);
  const api = createOctokit({
    baseUrl: settings.apiUrl,
    token: token.accessToken,
    fetch: settings.fetch,
    log: settings.log,
    retries: 1,
  });
  try {
    const res = await api.request('GET /user');
    return { user: githubUserSchema.parse(res.data), token };
  } catch (err) {
    const e = classifyGitHubError(err);
    throw new OAuthSignInError(
      'github_unavailable',
      `GitHub did not say who signed in (${e.status ?? 'no answer'}: ${e.message}).`,
    );
  }
}

/** A new user token from a refresh token (which GitHub replaces too: the old one stops working). */
export async function refreshUserToken(
  settings: Omit<OAuthAppSettings, 'redirectUri'>,
  refreshToken: string,
  now: () => number = Date.now,
): Promise<UserToken> {
  return tokenRequest(settings, { grant_type: 'refresh_token', refresh_token: refreshToken }, now);
}

async function tokenRequest(
  settings: Omit<OAuthAppSettings, 'redirectUri'>,
  grant: Record<string, string>,
  now: () => number,
): Promise<UserToken> {
  // Octokit's throttling treats this endpoint as an auth request (its own queue), so sign-ins never wait behind writes.
  // No retries: a code (and a refresh token) works once, so a retried POST could only fail.
  const web = createOctokit({
    baseUrl: settings.webUrl,
    throttleId: `oauth-${settings.clientId}`,
    fetch: settings.fetch,
    log: settings.log,
    retries: 0,
  });
  let body: unknown;
  try {
    const res = await web.request('POST /login/oauth/access_token', {
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      ...grant,
      headers: { accept: 'application/json' },
    });
    body = res.data;
  } catch (err) {
    const e = classifyGitHubError(err);
    throw new OAuthSignInError(
      'github_unavailable',
      `GitHub did not complete the sign-in (${e.status ?? 'no answer'}: ${e.message}).`,
    );
  }
  const parsed = oauthTokenResponseSchema.safeParse(body);
  if (!parsed.success)
    throw new OAuthSignInError(
      'github_unavailable',
      'GitHub answered the code exchange with something other than a token.',
    );
  if ('error' in parsed.data) {
    throw new OAuthSignInError(
      parsed.data.error,
      `GitHub refused the sign-in: ${parsed.data.error_description ?? parsed.data.error}.`,
    );
  }
  const t = parsed.data;
  const at = (seconds: number | undefined) =>
    seconds === undefined ? null : new Date(now() + seconds * 1000).toISOString();
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token ?? null,
    accessExpiresAt: at(t.expires_in),
    refreshExpiresAt: at(t.refresh_token_expires_in),
  };
}
