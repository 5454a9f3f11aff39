import { CREDENTIAL_STOPPED_HEADER } from './octokit-factory.js';
import { rampartFault } from './rampart-fault.js';

export type GitHubErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'not-found'
  | 'validation'
  | 'conflict'
  | 'server'
  | 'network'
  /** Rampart itself stopped the request: the PAT was removed or replaced (see isCredentialCurrent). */
  | 'credential-revoked'
  | 'unknown'
  /** Rampart's own faults, never GitHub's (see rampart-fault.ts): its Redis failed (transient), */
  | 'rampart-redis'
  /** a stored secret could not be decrypted, */
  | 'rampart-decryption'
  /** or a bug: an error no GitHub request raised. */
  | 'rampart-bug';

/** What a 401/403 says beyond its status, when GitHub tells us. */
export type GitHubDenialReason =
  | 'bad-credentials'
  | 'sso-required'
  | 'classic-pat-blocked'
  | 'not-accessible-by-token'
  /** Minting an App installation token (docs/github-behaviour.md#app-path): the permissions asked for exceed the installation's. */
  | 'installation-permissions-not-granted'
  /** Minting an App installation token: a repository asked for is not in the installation's selection. */
  | 'repository-not-in-installation'
  /** The App's installation was suspended by the account's owner. */
  | 'installation-suspended'
  /** GitHub refused the App's JWT itself: wrong App id or private key, or a clock far off. */
  | 'app-jwt-rejected';

export interface ClassifiedGitHubError {
  kind: GitHubErrorKind;
  /** Whose fault: GitHub's (or the network to it), or Rampart's own (the `rampart-*` kinds). */
  origin: 'github' | 'rampart';
  /** Worth trying again later: 5xx, network faults, rate limits. */
  transient: boolean;
  status: number | undefined;
  /** GitHub's own message, or a description of the fault; never carries request headers. */
  message: string;
  /** Seconds GitHub asked us to wait, from retry-after or x-ratelimit-reset. */
  retryAfterSeconds: number | undefined;
  reason?: GitHubDenialReason;
  /** For `sso-required`: where the user authorizes the token for the organization (X-GitHub-SSO). */
  ssoUrl?: string;
}

interface ErrorLike {
  status?: unknown;
  message?: unknown;
  response?: { data?: unknown; headers?: Record<string, string | number | undefined> };
}

const SECONDARY = /secondary rate limit|abuse detection/i;
// GitHub's 401s for an App JWT (docs/github-behaviour.md#app-path); an installation token or PAT gets "Bad credentials" instead.
const APP_JWT_REJECTED = /JSON web token|'Expiration time' claim|'Issued at' claim|Integration not found/i;

/**
 * The single place failures of work that talks to GitHub are sorted into what to retry and what to tell the user,
 * and into GitHub's faults and Rampart's own: a Redis error, even one raised inside a request's fetch, is never
 * reported as GitHub failing.
 */
export function classifyGitHubError(err: unknown, now: () => number = Date.now): ClassifiedGitHubError {
  const fault = rampartFault(err);
  if (fault)
    return {
      kind: fault.kind,
      origin: 'rampart',
      transient: fault.kind === 'rampart-redis',
      status: undefined,
      message: fault.message,
      retryAfterSeconds: undefined,
    };
  const e = (err ?? {}) as ErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const data = e.response?.data;
  const ghMessage =
    typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string'
      ? (data as { message: string }).message
      : undefined;
  const message = ghMessage ?? (typeof e.message === 'string' ? e.message : String(err));
  const headers = e.response?.headers ?? {};
  const retryAfter = numberHeader(headers['retry-after']);
  const reset = numberHeader(headers['x-ratelimit-reset']);
  const remaining = headers['x-ratelimit-remaining'];
  const waitForReset = reset !== undefined ? Math.max(0, Math.ceil(reset - now() / 1000)) : undefined;

  const result = (kind: GitHubErrorKind, transient: boolean, retryAfterSeconds?: number): ClassifiedGitHubError => ({
    kind,
    origin: 'github',
    transient,
    status,
    message,
    retryAfterSeconds,
  });
  const graphql = graphqlKind(err);
  if (graphql)
    return result(
      graphql,
      graphql === 'rate-limited' || graphql === 'server' || graphql === 'conflict',
      graphql === 'rate-limited' ? 60 : undefined,
    );
  if (status === undefined) return result('network', true);
  if (headers[CREDENTIAL_STOPPED_HEADER] !== undefined) return result('credential-revoked', false);
  if ((status === 403 || status === 429) && (SECONDARY.test(message) || String(remaining) === '0' || status === 429)) {
    return result('rate-limited', true, retryAfter ?? waitForReset ?? 60);
  }
  if (status === 401)
    return {
      ...result('unauthorized', false),
      reason: APP_JWT_REJECTED.test(message) ? 'app-jwt-rejected' : 'bad-credentials',
    };
  if (status === 403) return { ...result('forbidden', false), ...denialReason(message, headers['x-github-sso']) };
  if (status === 404) return result('not-found', false);
  if (status === 409) return result('conflict', false);
  if (status === 422) return { ...result('validation', false), ...validationReason(message) };
  if (status >= 500) return result('server', true, retryAfter);
  return result('unknown', false);
}

function denialReason(
  message: string,
  sso: string | number | undefined,
): Pick<ClassifiedGitHubError, 'reason' | 'ssoUrl'> {
  // X-GitHub-SSO: required; url=https://github.com/orgs/acme/sso?authorization_request=… (docs/github-behaviour.md#permission-checks)
  if (typeof sso === 'string' && /required/i.test(sso)) {
    const url = /url=(\S+)/.exec(sso)?.[1];
    return { reason: 'sso-required', ...(url ? { ssoUrl: url } : {}) };
  }
  if (/SAML enforcement/i.test(message)) return { reason: 'sso-required' };
  if (/personal access token \(classic\)/i.test(message)) return { reason: 'classic-pat-blocked' };
  if (/Resource not accessible by/i.test(message)) return { reason: 'not-accessible-by-token' };
  if (/installation has been suspended/i.test(message)) return { reason: 'installation-suspended' };
  return {};
}

/** The 422s of `POST /app/installations/{id}/access_tokens`, whose messages are GitHub's only distinction. */
function validationReason(message: string): Pick<ClassifiedGitHubError, 'reason'> {
  if (/permissions requested are not granted to this installation/i.test(message))
    return { reason: 'installation-permissions-not-granted' };
  if (/not accessible to the parent installation/i.test(message)) return { reason: 'repository-not-in-installation' };
  return {};
}

/**
 * GraphQL answers 200 with `errors[].type`; Octokit raises them as GraphqlResponseError, which has no status.
 * A repository the token cannot see is NOT_FOUND, as REST's 404.
 */
function graphqlKind(err: unknown): GitHubErrorKind | undefined {
  const e = err as { name?: unknown; errors?: unknown };
  if (e?.name !== 'GraphqlResponseError' || !Array.isArray(e.errors)) return undefined;
  const first = (e.errors[0] as { type?: unknown } | undefined)?.type;
  const type = typeof first === 'string' ? first : '';
  if (type === 'NOT_FOUND') return 'not-found';
  if (type === 'FORBIDDEN') return 'forbidden';
  if (type === 'RATE_LIMITED' || type === 'RATE_LIMIT') return 'rate-limited';
  if (type === 'INTERNAL' || type === 'SERVICE_UNAVAILABLE') return 'server';
  // createCommitOnBranch's expectedHeadOid no longer matches: the branch moved; the job reads again and retries.
  if (type === 'STALE_DATA') return 'conflict';
  return 'validation';
}

function numberHeader(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
