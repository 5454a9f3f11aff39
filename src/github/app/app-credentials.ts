import type { InstallationAccessTokenAuthentication } from '@octokit/auth-app';
import type { Redis } from 'ioredis';
import type { Clock } from '../../clock.js';
import type { FailureCode } from '../../errors/failure-codes.js';
import type { GitHubAppConfig } from '../../config/load-config.js';
import { classifyGitHubError } from '../classify-github-error.js';
import type { ContentCreationLimiter } from '../content-creation-limiter.js';
import { createOctokit, type GitHubClient, type GitHubLogger } from '../octokit-factory.js';
import type { ThrottleCluster } from '../throttle-cluster.js';
import { appCredentialMessages as say } from './app-credential-messages.js';
import { appProfile } from './app-profile.js';
import { checkUserRole } from './check-user-role.js';
import { installationCache, type InstallationRecord, type InstallationState } from './installation-cache.js';
import { lookupInstallation } from './lookup-installation.js';

/** What a job needs to branch, commit (workflow files included) and open a pull request. */
export const APP_TOKEN_PERMISSIONS = { contents: 'write', pull_requests: 'write', workflows: 'write' } as const;

/** Codes from FAILURE_CODES; `github_unavailable` is transient: GitHub answered 5xx, was unreachable or rate-limited us. */
export type AppCredentialFailureCode = Extract<
  FailureCode,
  | 'app_not_configured'
  | 'app_not_installed'
  | 'repository_not_in_installation'
  | 'app_lacks_permissions'
  | 'user_lacks_access'
  | 'github_unavailable'
>;

export type AppCredentialResult =
  | {
      ok: true;
      /** Octokit (throttling + retry) whose installation tokens reach only this repository, with APP_TOKEN_PERMISSIONS. */
      client: GitHubClient;
      installationId: number;
      /** When the first token expires (ISO 8601); the client mints a new one, equally narrowed, before that. */
      expiresAt: string;
    }
  | {
      ok: false;
      code: AppCredentialFailureCode;
      /** One sentence for the user: what is missing and how to fix it. */
      message: string;
      /** True only for `github_unavailable`: the same call may succeed later. */
      transient: boolean;
      /** For `github_unavailable`, when GitHub said how long to wait. */
      retryAfterSeconds?: number;
    };

export interface AppCredentials {
  /** False when the App settings are absent: every answer is then `app_not_configured`. */
  enabled: boolean;
  /**
   * A client for one repository through the App's installation on its owner, for a user who may write
   * to it. Transient GitHub failures (5xx, network, rate limits) come back as `github_unavailable` with
   * `transient: true`, never thrown; Redis failures, GitHub answers Rampart does not expect, and a
   * `repository` that is not `owner/name` are thrown.
   */
  forRepository(input: {
    repository: string;
    userLogin: string | null | undefined;
    /** The job's own view of the content-creation limiter (one that hands the slot back on long waits). */
    contentLimiter?: ContentCreationLimiter | undefined;
  }): Promise<AppCredentialResult>;
}

export interface AppCredentialsDeps {
  config: { githubApiUrl: string; githubApp: GitHubAppConfig | null; redisPrefix: string };
  /** Shared by every process: the installation cache lives here. */
  redis: Redis;
  contentLimiter?: ContentCreationLimiter | undefined;
  /** Workers share Octokit's write queues through Redis (see OctokitFactoryOptions.throttleCluster). */
  throttleCluster?: ThrottleCluster | undefined;
  /** Redis key prefix; `config.redisPrefix` by default. */
  prefix?: string;
  clock: Clock;
  fetch?: typeof globalThis.fetch;
  log?: GitHubLogger;
  /** Octokit's retries per request (transient errors, rate limits); 2 by default. */
  retries?: number;
  /** plugin-retry's backoff base; tests shorten it. */
  retryBaseMs?: number;
  /** Give up rather than wait longer for a rate limit (seconds); 60 by default. */
  maxWaitSeconds?: number;
  installationCacheTtl?: { installedSeconds?: number; notInstalledSeconds?: number };
  /** How a process waits for another one's look-up of the same account; setTimeout by default. */
  sleep?: (ms: number) => Promise<void>;
}

const REPOSITORY = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/;
// While another process looks an account up: poll the cache this often, this many times, then look it up ourselves.
const WAIT_POLL_MS = 50;
const WAIT_POLLS = 100;

type Failure = Extract<AppCredentialResult, { ok: false }>;
const fail = (code: Exclude<AppCredentialFailureCode, 'github_unavailable'>, message: string): Failure => ({
  ok: false,
  code,
  message,
  transient: false,
});

/** The GitHub App fallback (docs/github-behaviour.md#app-path): installation look-up (cached in Redis), narrowed token, user check. */
export function createAppCredentials(deps: AppCredentialsDeps): AppCredentials {
  const app = deps.config.githubApp;
  if (!app) {
    return { enabled: false, forRepository: async () => fail('app_not_configured', say.notConfigured()) };
  }
  const prefix = deps.prefix ?? deps.config.redisPrefix;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const clientOptions = {
    baseUrl: deps.config.githubApiUrl,
    fetch: deps.fetch,
    ...(deps.log ? { log: deps.log } : {}),
    retries: deps.retries ?? 2,
    ...(deps.retryBaseMs !== undefined ? { retryBaseMs: deps.retryBaseMs } : {}),
    maxWaitSeconds: deps.maxWaitSeconds ?? 60,
    contentLimiter: deps.contentLimiter,
    throttleCluster: deps.throttleCluster,
  };
  // Speaks as the App itself (JWT): installation look-ups and GET /app only.
  const appClient = createOctokit({ ...clientOptions, app: { appId: app.appId, privateKey: app.privateKeyPem } });
  const cache = installationCache({
    redis: deps.redis,
    prefix,
    appId: app.appId,
    installedTtlSeconds: deps.installationCacheTtl?.installedSeconds,
    notInstalledTtlSeconds: deps.installationCacheTtl?.notInstalledSeconds,
  });
  const profile = appProfile({ redis: deps.redis, prefix, appId: app.appId, appClient });
  // Callers in this process asking for the same account share one look-up.
  const inflight = new Map<string, Promise<InstallationState>>();

  const lookUpOnce = async (owner: string, repo: string, version: string): Promise<InstallationState> => {
    const release = await cache.claimLookup(owner);
    if (!release) {
      for (let i = 0; i < WAIT_POLLS; i++) {
        await sleep(WAIT_POLL_MS);
        const seen = await cache.read(owner);
        if (seen.state) return seen.state;
        if (!seen.lookupInProgress) break;
      }
    }
    try {
      const state = await lookupInstallation(appClient, owner, repo);
      await cache.storeLookup(owner, state, version);
      return state;
    } finally {
      await release?.();
    }
  };

  const installationOf = async (owner: string, repo: string): Promise<InstallationState> => {
    const cached = await cache.read(owner);
    if (cached.state) return cached.state;
    const key = owner.toLowerCase();
    let pending = inflight.get(key);
    if (!pending) {
      pending = lookUpOnce(owner, repo, cached.version).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  };

  const installationClient = (
    installation: InstallationRecord,
    repo: string,
    limiter: ContentCreationLimiter | undefined,
  ): GitHubClient =>
    createOctokit({
      ...clientOptions,
      contentLimiter: limiter,
      app: {
        appId: app.appId,
        privateKey: app.privateKeyPem,
        installationId: installation.id,
        repositoryNames: [repo],
        permissions: { ...APP_TOKEN_PERMISSIONS },
      },
    });

  const attempt = async (
    owner: string,
    repo: string,
    login: string,
    mayRetryStale: boolean,
    limiter: ContentCreationLimiter | undefined,
  ): Promise<AppCredentialResult> => {
    const repository = `${owner}/${repo}`;
    const state = await installationOf(owner, repo);
    if (!state.installed) return fail('app_not_installed', say.notInstalled(owner, await profile.installUrl()));
    const { installation } = state;
    if (installation.suspended)
      return fail('app_not_installed', say.suspended(installation.account, installation.settingsUrl));

    const client = installationClient(installation, repo, limiter);
    let minted: InstallationAccessTokenAuthentication;
    try {
      minted = (await client.auth({ type: 'installation' })) as InstallationAccessTokenAuthentication;
    } catch (err) {
      const e = classifyGitHubError(err, () => deps.clock.now());
      if (e.status === 404) {
        // The cached installation is gone (uninstalled and the webhook missed or not yet handled): ask again once.
        await cache.forget(owner);
        if (mayRetryStale) return attempt(owner, repo, login, false, limiter);
        return fail('app_not_installed', say.notInstalled(owner, await profile.installUrl()));
      }
      if (e.reason === 'repository-not-in-installation')
        return fail(
          'repository_not_in_installation',
          say.notInInstallation(installation.account, repository, installation.settingsUrl),
        );
      if (e.reason === 'installation-permissions-not-granted')
        return fail('app_lacks_permissions', say.lacksPermissions(installation.account, installation.settingsUrl));
      if (e.reason === 'installation-suspended')
        return fail('app_not_installed', say.suspended(installation.account, installation.settingsUrl));
      throw err;
    }
    const names = (minted.repositoryNames ?? []).map((n) => n.toLowerCase());
    if (names.length !== 1 || names[0] !== repo.toLowerCase()) {
      // GitHub's contract says this cannot happen; if it does, a broader token must not be used.
      throw new Error(
        `GitHub minted an installation token for ${names.length} repositories instead of ${repository} alone; refusing it`,
      );
    }

    const role = await checkUserRole(client, owner, repo, login);
    if (role.kind === 'unknown-user') return fail('user_lacks_access', say.unknownUser(login, repository));
    if (!role.allowed) return fail('user_lacks_access', say.userRole(login, role.role, repository));
    return { ok: true, client, installationId: installation.id, expiresAt: minted.expiresAt };
  };

  return {
    enabled: true,
    async forRepository({ repository, userLogin, contentLimiter }) {
      const match = REPOSITORY.exec(repository);
      if (!match) throw new TypeError(`forRepository: "${repository}" is not "owner/name"`);
      const [, owner = '', repo = ''] = match;
      if (!userLogin) return fail('user_lacks_access', say.noLogin(repository));
      try {
        return await attempt(owner, repo, userLogin, true, contentLimiter ?? deps.contentLimiter);
      } catch (err) {
        // Only GitHub's answers (Octokit errors carry a status, network faults included) are sorted here; Redis
        // failures and bugs propagate as they are.
        if (typeof (err as { status?: unknown }).status !== 'number') throw err;
        const e = classifyGitHubError(err, () => deps.clock.now());
        if (e.transient) {
          return {
            ok: false,
            code: 'github_unavailable',
            message: say.unavailable(repository),
            transient: true,
            ...(e.retryAfterSeconds !== undefined ? { retryAfterSeconds: e.retryAfterSeconds } : {}),
          };
        }
        if (e.reason === 'app-jwt-rejected') {
          deps.log?.error(`GitHub rejected the App's JWT (${e.message}); check GITHUB_APP_ID and the private key`);
          return fail('app_not_configured', say.credentialsRejected());
        }
        throw err;
      }
    },
  };
}
