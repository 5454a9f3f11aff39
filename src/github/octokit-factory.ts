import { createHash } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import type BottleneckType from 'bottleneck';
// @ts-expect-error the light build has no types of its own; it is the one plugin-throttling uses.
import BottleneckLight from 'bottleneck/light.js';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { ContentCreationLimiter } from './content-creation-limiter.js';
import type { ThrottleCluster } from './throttle-cluster.js';
import { narrowedAppAuth, type InstallationNarrowing } from './app/narrowed-app-auth.js';

const Bottleneck = BottleneckLight as typeof BottleneckType;
const RampartOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof RampartOctokit>;

export interface GitHubLogger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** GitHub App credentials: the client speaks as the App (JWT), or as one of its installations. */
export interface GitHubAppAuth extends InstallationNarrowing {
  /** The App ID or its client ID: the JWT's `iss` (docs/github-behaviour.md#app-path). */
  appId: number | string;
  privateKey: string;
  /**
   * Requests outside the App's own endpoints use an installation token of this installation, narrowed to
   * `repositoryNames` and `permissions`. Without it only JWT endpoints (/app…, installation look-ups) work.
   */
  installationId?: number;
}

export interface OctokitFactoryOptions {
  /** REST base URL: https://api.github.com, a GHES `/api/v3` URL, or the emulator. */
  baseUrl: string;
  /** A token (PAT or installation); none for anonymous reads of public data. */
  token?: string | undefined;
  /** App credentials instead of a token (see GitHubAppAuth); installation tokens are minted and renewed as needed. */
  app?: GitHubAppAuth;
  /** Throttling queues are shared by id, so every credential gets its own (see throttleIdFor). */
  throttleId?: string;
  /**
   * Shares the write, search and notifications queues with every process holding the same cluster (see
   * throttle-cluster.ts); without it they are per process. Workers pass one; the API does not: its requests are a
   * user's own reads and PAT checks, and its own queues keep them from bunching, without a Redis heartbeat per credential.
   */
  throttleCluster?: ThrottleCluster | undefined;
  /** Holds content-creating requests (writes other than token minting) within GitHub's secondary limits. */
  contentLimiter?: ContentCreationLimiter | undefined;
  /** Give up rather than wait longer than this for a rate limit to reset. */
  maxWaitSeconds?: number;
  /**
   * Requests in flight at once for this client, instead of plugin-throttling's process-wide 10; GitHub allows up to
   * 100 concurrent requests per credential (docs/github-behaviour.md). Writes keep their own one-at-a-time queue.
   */
  maxConcurrent?: number;
  /** How many times one request is retried after a rate limit or a transient error. */
  retries?: number;
  /** Base of plugin-retry's backoff, (retryCount+1)² × this; 1000 ms by default. Tests shorten it. */
  retryBaseMs?: number;
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
  /**
   * Told about every answer that came back over the network (not the synthetic 410 above), for metrics: the status,
   * the kind of credential, and the headers (rate-limit remaining). Must not throw; it never sees the token.
   */
  onResponse?: (status: number, credentialKind: 'pat' | 'app' | 'anonymous', headers: Headers) => void;
}

/** Marks the synthetic answer to a request stopped by `isCredentialCurrent`. */
export const CREDENTIAL_STOPPED_HEADER = 'x-rampart-credential-stopped';

const silent: GitHubLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** The one way Rampart builds a GitHub client: throttling and retry are always on. */
export function createOctokit(options: OctokitFactoryOptions): GitHubClient {
  if (options.token && options.app) throw new Error('createOctokit: give either a token or App credentials, not both');
  const log = options.log ?? silent;
  const retries = options.retries ?? 3;
  const maxWait = options.maxWaitSeconds ?? 120;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const again = retryCount < retries && retryAfter <= maxWait;
      log.warn(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}; ${again ? `retrying in ${retryAfter}s` : 'giving up'}`,
      );
      return again;
    };
  const onResponse = options.onResponse;
  const credentialKind = options.app ? 'app' : options.token ? 'pat' : 'anonymous';
  const throttleId = options.throttleId ?? (options.app ? appThrottleId(options.app) : throttleIdFor(options.token));
  // The fetch layers, outermost first: wait for a content-creation slot; then check the credential is still the
  // saved one (last, so a PAT removed during the wait is never used); then the network, counted for metrics.
  // Requests stopped by isCredentialCurrent are not counted as GitHub's.
  type Fetch = typeof globalThis.fetch;
  let fetch: Fetch | undefined = options.fetch;
  if (onResponse) {
    const network = options.fetch ?? globalThis.fetch;
    fetch = async (input, init) => {
      const res = await network(input, init);
      onResponse(res.status, credentialKind, res.headers);
      return res;
    };
  }
  const isCurrent = options.isCredentialCurrent;
  if (isCurrent) {
    const inner: Fetch = fetch ?? globalThis.fetch;
    fetch = async (input, init) => {
      if (await isCurrent()) return inner(input, init);
      const body = JSON.stringify({ message: 'Rampart stopped this request: the credential was removed or replaced' });
      return new Response(body, {
        status: 410,
        headers: { 'content-type': 'application/json', [CREDENTIAL_STOPPED_HEADER]: '1' },
      });
    };
  }
  const limiter = options.contentLimiter;
  if (limiter) {
    const inner: Fetch = fetch ?? globalThis.fetch;
    // Here rather than in a request hook: hooks run before the throttling queues, and a slot taken there would be
    // spent later, bunched with others, breaking the very window it was taken in.
    fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (isContentCreating(init?.method ?? 'GET', url, init?.body)) await limiter.acquire(throttleId);
      return inner(input, init);
    };
  }
  const client = new RampartOctokit({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.app
      ? { authStrategy: narrowedAppAuth, auth: appAuthOptions(options.app) }
      : options.token
        ? { auth: options.token }
        : {}),
    userAgent: options.userAgent ?? 'rampart',
    log,
    request: fetch ? { fetch } : {},
    retry: { retries, ...(options.retryBaseMs !== undefined ? { retryAfterBaseValue: options.retryBaseMs } : {}) },
    // plugin-throttling keeps its groups at module level, built by the first client from its options; no client is
    // given `connection`, so they are always per process, and a cluster's groups replace three of them per client.
    throttle: {
      id: throttleId,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...options.throttleCluster?.groups,
      ...(options.maxConcurrent
        ? {
            global: new Bottleneck.Group({
              id: `rampart-global-${throttleId}`,
              maxConcurrent: options.maxConcurrent,
              timeout: 120_000,
            }),
          }
        : {}),
    },
  });
  return client;
}

/** GitHub counts mutations as content creation (REST writes and GraphQL mutations); token minting and queries are not. */
export function isContentCreating(method: string, url: string, body?: unknown): boolean {
  if (method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD') return false;
  if (/\/access_tokens$/.test(url)) return false;
  if (!/\/graphql$/.test(url)) return true;
  if (typeof body !== 'string') return false;
  try {
    const query = (JSON.parse(body) as { query?: unknown }).query;
    return typeof query === 'string' && /^\s*mutation\b/.test(query);
  } catch {
    return false;
  }
}

/** A stable, non-secret id for a credential's throttling queue. */
export function throttleIdFor(token: string | undefined): string {
  if (!token) return 'anonymous';
  return `cred-${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}

/**
 * An App's JWT requests share one queue, and each installation gets its own: GitHub's rate limits are per
 * installation, and its narrowed tokens (one per repository) all count against that installation.
 */
export function appThrottleId(app: Pick<GitHubAppAuth, 'appId' | 'installationId'>): string {
  return app.installationId === undefined ? `app-${app.appId}` : `app-${app.appId}-installation-${app.installationId}`;
}

function appAuthOptions(app: GitHubAppAuth): Record<string, unknown> {
  return {
    appId: app.appId,
    privateKey: app.privateKey,
    ...(app.installationId !== undefined ? { installationId: app.installationId } : {}),
    ...(app.repositoryNames ? { repositoryNames: app.repositoryNames } : {}),
    ...(app.permissions ? { permissions: app.permissions } : {}),
  };
}
