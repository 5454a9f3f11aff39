import { createHash } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

const RampartOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof RampartOctokit>;

export interface GitHubLogger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface OctokitFactoryOptions {
  /** REST base URL: https://api.github.com, a GHES `/api/v3` URL, or the emulator. */
  baseUrl: string;
  /** A token (PAT or installation); none for anonymous reads of public data. */
  token?: string | undefined;
  /** Throttling queues are shared by id, so every credential gets its own (see throttleIdFor). */
  throttleId?: string;
  /** Give up rather than wait longer than this for a rate limit to reset. */
  maxWaitSeconds?: number;
  /** How many times one request is retried after a rate limit or a transient error. */
  retries?: number;
  userAgent?: string;
  fetch?: typeof globalThis.fetch;
  log?: GitHubLogger;
  /**
   * Asked right before each request leaves the process (after the throttling queues, before every
   * retry). When it answers false the request is not sent: the caller gets a 410 carrying
   * CREDENTIAL_STOPPED_HEADER, which classifyGitHubError reports as `credential-revoked`. A status,
   * not a thrown error, because Octokit turns fetch errors into retried 500s.
   */
  isCredentialCurrent?: () => Promise<boolean>;
}

/** Marks the synthetic answer to a request stopped by `isCredentialCurrent`. */
export const CREDENTIAL_STOPPED_HEADER = 'x-rampart-credential-stopped';

const silent: GitHubLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** The one way Rampart builds a GitHub client: throttling and retry are always on. */
export function createOctokit(options: OctokitFactoryOptions): GitHubClient {
  const log = options.log ?? silent;
  const retries = options.retries ?? 3;
  const maxWait = options.maxWaitSeconds ?? 120;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const again = retryCount < retries && retryAfter <= maxWait;
      log.warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}; ${again ? `retrying in ${retryAfter}s` : 'giving up'}`);
      return again;
    };
  const baseFetch = options.fetch ?? globalThis.fetch;
  const isCurrent = options.isCredentialCurrent;
  const fetch: typeof globalThis.fetch | undefined = isCurrent
    ? async (input, init) => {
        if (await isCurrent()) return baseFetch(input, init);
        const body = JSON.stringify({ message: 'Rampart stopped this request: the credential was removed or replaced' });
        return new Response(body, { status: 410, headers: { 'content-type': 'application/json', [CREDENTIAL_STOPPED_HEADER]: '1' } });
      }
    : options.fetch;
  return new RampartOctokit({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.token ? { auth: options.token } : {}),
    userAgent: options.userAgent ?? 'rampart',
    log,
    request: fetch ? { fetch } : {},
    retry: { retries },
    throttle: {
      id: options.throttleId ?? throttleIdFor(options.token),
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
    },
  });
}

/** A stable, non-secret id for a credential's throttling queue. */
export function throttleIdFor(token: string | undefined): string {
  if (!token) return 'anonymous';
  return `cred-${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}
