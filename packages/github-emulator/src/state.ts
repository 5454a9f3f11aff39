import type { Account, Advisory, App, Installation, Org, Repo, RepoRole, TokenRecord, User } from './model.js';
import { ROLE_ORDER, fullNameKey } from './model.js';

export interface OAuthCode {
  appId: number;
  login: string;
  scopes: string[];
  redirectUri: string | null;
  expiresAt: number;
}

export interface ManifestConversion {
  appId: number;
  privateKeyPem: string;
  expiresAt: number;
}

/** Time stamps as GitHub prints them: ISO 8601 without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Everything the emulator knows. One instance per emulator; `reset` swaps in a fresh one. */
export class EmulatorState {
  readonly users = new Map<string, User>();
  readonly orgs = new Map<string, Org>();
  readonly repos = new Map<string, Repo>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly apps = new Map<number, App>();
  readonly installations = new Map<number, Installation>();
  readonly oauthCodes = new Map<string, OAuthCode>();
  /** Refresh tokens (ghr_) of expiring user tokens: one use each (routes in oauth/oauth-routes.ts). */
  readonly refreshTokens = new Map<string, { appId: number; login: string; scopes: string[]; expiresAt: number }>();
  /** global security advisories by GHSA id */
  readonly advisories = new Map<string, Advisory>();
  /** App-manifest flow: the one-time code → the new App's credentials, until converted (routes/app-manifests.ts). */
  readonly manifestCodes = new Map<string, ManifestConversion>();
  /** moves the emulator's clock (token expiry, rate-limit windows) without touching the host's */
  clockOffsetMs = 0;
  private nextRepoId = 800_000_001;
  private nextPullId = 1_900_000_001;
  private nextIssueId = 2_400_000_001;
  private nextLabelId = 5_100_000_001;

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  nowIso(): string {
    return isoSeconds(this.now());
  }

  allocRepoId(): number {
    return this.nextRepoId++;
  }

  allocPullId(): number {
    return this.nextPullId++;
  }

  allocIssueId(): number {
    return this.nextIssueId++;
  }

  allocLabelId(): number {
    return this.nextLabelId++;
  }

  user(login: string): User | undefined {
    const bot = /^(.+)\[bot\]$/i.exec(login);
    if (bot?.[1]) {
      const app = [...this.apps.values()].find((a) => a.slug === bot[1]?.toLowerCase());
      return app ? this.botUser(app) : undefined;
    }
    return this.users.get(login.toLowerCase());
  }

  userByEmail(email: string): User | undefined {
    const lower = email.toLowerCase();
    return [...this.users.values()].find((u) => u.email?.toLowerCase() === lower);
  }

  org(login: string): Org | undefined {
    return this.orgs.get(login.toLowerCase());
  }

  account(login: string): Account | undefined {
    const org = this.org(login);
    if (org) return { kind: 'org', org };
    const user = this.user(login);
    return user ? { kind: 'user', user } : undefined;
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(fullNameKey(owner, name));
  }

  reposOf(ownerLogin: string): Repo[] {
    const lower = ownerLogin.toLowerCase();
    return [...this.repos.values()].filter((r) => r.ownerLogin.toLowerCase() === lower);
  }

  /** The user's role on a repository, from ownership, org membership and collaborator entries. */
  userRole(login: string, repo: Repo): RepoRole | null {
    const lower = login.toLowerCase();
    if (repo.ownerLogin.toLowerCase() === lower) return 'admin';
    const roles: RepoRole[] = [];
    const collaborator = repo.collaborators.get(lower);
    if (collaborator) roles.push(collaborator);
    const member = this.org(repo.ownerLogin)?.members.get(lower);
    // [I] org members get GitHub's default base permission, read; org admins administer every repo.
    if (member) roles.push(member.role === 'admin' ? 'admin' : 'read');
    if (roles.length === 0) return null;
    return roles.reduce((a, b) => (ROLE_ORDER.indexOf(a) >= ROLE_ORDER.indexOf(b) ? a : b));
  }

  findToken(raw: string): TokenRecord | undefined {
    return this.tokens.get(raw);
  }

  appByClientId(clientId: string): App | undefined {
    return [...this.apps.values()].find((a) => a.clientId === clientId);
  }

  /** `iss` may be the App's client ID (recommended) or its numeric ID. */
  appByIssuer(iss: unknown): App | undefined {
    if (typeof iss === 'number') return this.apps.get(iss);
    if (typeof iss !== 'string') return undefined;
    if (/^\d+$/.test(iss)) return this.apps.get(Number(iss));
    return this.appByClientId(iss);
  }

  /** The App's bot account (`<slug>[bot]`), the author of its commits and PRs. */
  botUser(app: App): User {
    // [I] real bot ids are unrelated to the App id; we derive one so it is stable across runs.
    return {
      id: 100_000_000 + app.id,
      login: `${app.slug}[bot]`,
      email: null,
      name: app.name,
      type: 'Bot',
      createdAt: app.createdAt,
    };
  }

  installationFor(appId: number, accountLogin: string): Installation | undefined {
    const lower = accountLogin.toLowerCase();
    return [...this.installations.values()].find((i) => i.appId === appId && i.accountLogin.toLowerCase() === lower);
  }

  /** Whether a repository selection (`all` of an account, or a list of full names) includes the repo. */
  selectionCovers(selection: 'all' | string[], accountLogin: string, repo: Repo): boolean {
    if (repo.ownerLogin.toLowerCase() !== accountLogin.toLowerCase()) return false;
    return selection === 'all' || selection.includes(fullNameKey(repo.ownerLogin, repo.name));
  }

  installationRepos(inst: Installation, selection: 'all' | string[] = inst.repositories): Repo[] {
    return this.reposOf(inst.accountLogin)
      .filter((r) => this.selectionCovers(inst.repositories, inst.accountLogin, r))
      .filter((r) => this.selectionCovers(selection, inst.accountLogin, r));
  }

  revokeInstallationTokens(installationId: number): void {
    for (const t of this.tokens.values())
      if (t.kind === 'installation' && t.installationId === installationId) t.revoked = true;
  }
}
