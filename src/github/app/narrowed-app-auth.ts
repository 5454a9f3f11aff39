import { createAppAuth, type StrategyOptions } from '@octokit/auth-app';

type BaseAuth = ReturnType<typeof createAppAuth>;
type HookArgs = Parameters<BaseAuth['hook']>;
type HookResult = ReturnType<BaseAuth['hook']>;

/** What an installation token may be narrowed to (docs/github-behaviour.md#app-path: at most the installation's grants). */
export interface InstallationNarrowing {
  /** Repository names (without owner) of the installation's account. */
  repositoryNames?: string[];
  permissions?: Record<string, 'read' | 'write' | 'admin'>;
}

export type NarrowedAppAuthOptions = StrategyOptions & InstallationNarrowing;

// Routes answered with the App's JWT (or OAuth app credentials), as auth-app's own hook decides.
const APP_ROUTE =
  /^\/(?:app(?:\/|$)|marketplace_listing\/|applications\/|login\/oauth\/|(?:orgs|users|enterprises)\/[^/]+\/installation$|repos\/[^/]+\/[^/]+\/installation$)/i;

// auth-app retries a 401 for 5 s after minting: new tokens take a moment to replicate at GitHub.
const REPLICATION_MS = 5_000;

/**
 * `createAppAuth` as an Octokit `authStrategy`, with one difference: every installation token it mints,
 * for `octokit.auth({type:"installation"})` and for requests alike, is narrowed to `repositoryNames` and
 * `permissions`. auth-app's own request hook mints with the installation id only, i.e. with the whole
 * installation's repositories and permissions (octokit/app.js#414), which would hand a job far more than
 * the one repository it works on.
 *
 * Tokens are minted through `options.request` (Octokit passes its own, so minting goes through the
 * throttling and retry plugins) and kept in auth-app's in-memory cache of this instance, never elsewhere.
 */
export function narrowedAppAuth(options: NarrowedAppAuthOptions): BaseAuth {
  const { repositoryNames, permissions, ...appOptions } = options;
  const base = createAppAuth(appOptions);
  const narrowing = { ...(repositoryNames ? { repositoryNames } : {}), ...(permissions ? { permissions } : {}) };

  const auth = ((authOptions: { type: string; [key: string]: unknown }) =>
    authOptions.type === 'installation'
      ? base({ ...narrowing, ...authOptions, type: 'installation' })
      : base(authOptions as never)) as BaseAuth;

  const hook = async (request: HookArgs[0], route: HookArgs[1], parameters?: HookArgs[2]): HookResult => {
    const endpoint = request.endpoint.merge(route as string, parameters);
    const path =
      String(endpoint.url ?? '')
        .replace(request.endpoint.DEFAULTS.baseUrl, '')
        .split('?')[0] ?? '';
    if (!appOptions.installationId || APP_ROUTE.test(path)) return base.hook(request, route, parameters);
    const installation = await auth({ type: 'installation' });
    endpoint.headers.authorization = `token ${installation.token}`;
    return sendAllowingReplication(request, endpoint, Date.parse(installation.createdAt));
  };

  return Object.assign(auth, { hook });
}

async function sendAllowingReplication(request: HookArgs[0], endpoint: object, createdAt: number): HookResult {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(endpoint as never);
    } catch (err) {
      const fresh = Number.isFinite(createdAt) && Date.now() - createdAt < REPLICATION_MS;
      if ((err as { status?: unknown }).status !== 401 || !fresh) throw err;
      await new Promise((resolve) => setTimeout(resolve, attempt * 1000));
    }
  }
}
