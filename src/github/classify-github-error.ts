import { CREDENTIAL_STOPPED_HEADER } from './octokit-factory.js';

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
  | 'unknown';

/** What a 401/403 says beyond its status, when GitHub tells us. */
export type GitHubDenialReason = 'bad-credentials' | 'sso-required' | 'classic-pat-blocked' | 'not-accessible-by-token';

export interface ClassifiedGitHubError {
  kind: GitHubErrorKind;
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

/** The single place GitHub failures are sorted into what to retry and what to tell the user. */
export function classifyGitHubError(err: unknown, now: () => number = Date.now): ClassifiedGitHubError {
  const e = (err ?? {}) as ErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const data = e.response?.data;
  const ghMessage = typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string'
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
    transient,
    status,
    message,
    retryAfterSeconds,
  });
  if (status === undefined) return result('network', true);
  if (headers[CREDENTIAL_STOPPED_HEADER] !== undefined) return result('credential-revoked', false);
  if ((status === 403 || status === 429) && (SECONDARY.test(message) || String(remaining) === '0' || status === 429)) {
    return result('rate-limited', true, retryAfter ?? waitForReset ?? 60);
  }
  if (status === 401) return { ...result('unauthorized', false), reason: 'bad-credentials' };
  if (status === 403) return { ...result('forbidden', false), ...denialReason(message, headers['x-github-sso']) };
  if (status === 404) return result('not-found', false);
  if (status === 409) return result('conflict', false);
  if (status === 422) return result('validation', false);
  if (status >= 500) return result('server', true, retryAfter);
  return result('unknown', false);
}

function denialReason(message: string, sso: string | number | undefined): Pick<ClassifiedGitHubError, 'reason' | 'ssoUrl'> {
  // X-GitHub-SSO: required; url=https://github.com/orgs/acme/sso?authorization_request=… (github-facts §2)
  if (typeof sso === 'string' && /required/i.test(sso)) {
    const url = /url=(\S+)/.exec(sso)?.[1];
    return { reason: 'sso-required', ...(url ? { ssoUrl: url } : {}) };
  }
  if (/SAML enforcement/i.test(message)) return { reason: 'sso-required' };
  if (/personal access token \(classic\)/i.test(message)) return { reason: 'classic-pat-blocked' };
  if (/Resource not accessible by/i.test(message)) return { reason: 'not-accessible-by-token' };
  return {};
}

function numberHeader(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
