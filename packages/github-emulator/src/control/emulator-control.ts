import type { EmulatorContext, Quirks } from '../context.js';
import { flattenTree } from '../git/tree-ops.js';
import { resolveCommitish } from '../git/resolve-ref.js';
import { installationJson, repoSummary } from '../json/apps.js';
import { pullShas } from '../json/pulls.js';
import { accountRef, simpleUser } from '../json/users.js';
import { defaultLimits, limitsPatchSchema, mergeLimits, type Limits } from '../limits/limits-config.js';
import type { Violations } from '../limits/rate-limiter.js';
import type { Installation, PullRequest, Repo } from '../model.js';
import { closePull, mergeBlocker, mergePull } from '../pulls-service.js';
import type { RequestQuery } from '../request-log.js';
import { addInstallation, applySeed } from '../seed-loader.js';
import { parseSeed, SeedError } from '../seed-schema.js';
import { EmulatorState } from '../state.js';
import type { WebhookTarget } from '../webhooks/webhook-sender.js';
import { tokenLabel } from '../token-format.js';
import { z } from 'zod';
import { ControlError } from './control-error.js';
import { changeInstallationRepositories, createRepository, pushCommit } from './repository-events.js';

export { ControlError };

export interface PullSummary {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  title: string;
  body: string | null;
  head: string;
  base: string;
  head_sha: string;
  base_sha: string;
  user: string;
  html_url: string;
}

const installationInput = z.strictObject({
  app_id: z.number().int().positive(),
  id: z.number().int().positive().optional(),
  account: z.string().min(1),
  repositories: z.union([z.literal('all'), z.array(z.string())]).default('all'),
  permissions: z.record(z.string(), z.enum(['read', 'write', 'admin'])).optional(),
});

const repoSettingsInput = z.strictObject({ require_signed_commits: z.boolean().optional() });

/** Everything tests, benchmarks and `rampart demo` may do to the emulator besides calling the API. */
export class EmulatorControl {
  constructor(private readonly ctx: EmulatorContext) {}

  private repo(owner: string, name: string): Repo {
    const repo = this.ctx.state.repo(owner, name);
    if (!repo) throw new ControlError(404, `no repository ${owner}/${name}`);
    return repo;
  }

  /** The person acting for an account: itself, or an org's first admin. */
  private personFor(login: string): string {
    const account = this.ctx.state.account(login);
    if (account?.kind !== 'org') return login;
    return [...account.org.members.values()].find((m) => m.role === 'admin')?.login ?? login;
  }

  private announceInstallation(inst: Installation, action: 'created' | 'deleted'): void {
    const { state } = this.ctx;
    const senderLogin = this.personFor(inst.accountLogin);
    this.ctx.webhooks.emit(
      state,
      'installation',
      {
        action,
        installation: installationJson(this.ctx, inst),
        repositories: state.installationRepos(inst).map(repoSummary),
        sender: simpleUser(this.ctx, accountRef(this.ctx, senderLogin)),
      },
      { installation: inst },
    );
  }

  /** Adds a seed (same format as the seed file). New installations are announced by webhook. */
  seed(input: unknown): {
    users: number;
    orgs: number;
    repositories: number;
    tokens: number;
    apps: number;
    installations: number;
  } {
    const seed = parseSeed(input);
    const installations = applySeed(this.ctx.state, seed);
    if (seed.limits) this.ctx.limits = mergeLimits(this.ctx.limits, seed.limits);
    for (const inst of installations) this.announceInstallation(inst, 'created');
    return {
      users: seed.users.length,
      orgs: seed.orgs.length,
      repositories: seed.repositories.length,
      tokens: seed.tokens.length,
      apps: seed.apps.length,
      installations: installations.length,
    };
  }

  setLimits(patch: unknown): Limits {
    const parsed = limitsPatchSchema.safeParse(patch);
    if (!parsed.success) throw new ControlError(400, `invalid limits:\n${z.prettifyError(parsed.error)}`);
    this.ctx.limits = mergeLimits(this.ctx.limits, parsed.data);
    if (parsed.data.faults?.seed !== undefined) this.ctx.faults.reseed();
    return this.ctx.limits;
  }

  limits(): { limits: Limits; violations: Violations } {
    return { limits: this.ctx.limits, violations: this.ctx.limiter.violations() };
  }

  setQuirks(patch: Partial<Quirks>): Quirks {
    if (patch.fineGrainedWorkflowTrees !== undefined && !['forbid', 'allow'].includes(patch.fineGrainedWorkflowTrees)) {
      throw new ControlError(400, 'fineGrainedWorkflowTrees must be "forbid" or "allow"');
    }
    if (
      patch.graphqlRateLimitType !== undefined &&
      !['RATE_LIMIT', 'RATE_LIMITED'].includes(patch.graphqlRateLimitType)
    ) {
      throw new ControlError(400, 'graphqlRateLimitType must be "RATE_LIMIT" or "RATE_LIMITED"');
    }
    Object.assign(this.ctx.quirks, patch);
    return { ...this.ctx.quirks };
  }

  /** Back to the start seed (or `seed` when given): state, limits, counters, log and deliveries. */
  reset(seed?: unknown): void {
    const parsed = seed === undefined ? this.ctx.initialSeed : parseSeed(seed);
    const state = new EmulatorState();
    applySeed(state, parsed);
    this.ctx.state = state;
    this.ctx.initialSeed = parsed;
    this.ctx.limits = mergeLimits(defaultLimits(), parsed.limits ?? {});
    this.ctx.limiter.reset();
    this.ctx.faults.reseed();
    this.ctx.log.clear();
    this.ctx.webhooks.clear();
  }

  requests(q: RequestQuery = {}) {
    return this.ctx.log.query(q);
  }

  /** How many requests carried a token (pass the token or its `sha256:` label). */
  requestCount(tokenOrLabel: string): number {
    return this.ctx.log.countFor(tokenOrLabel);
  }

  clearRequests(): void {
    this.ctx.log.clear();
  }

  repoState(owner: string, name: string) {
    const repo = this.repo(owner, name);
    return {
      full_name: `${repo.ownerLogin}/${repo.name}`,
      private: repo.private,
      default_branch: repo.defaultBranch,
      require_signed_commits: repo.requireSignedCommits,
      branches: Object.fromEntries(repo.branches),
      tags: Object.fromEntries(
        [...repo.tags].map(([n, sha]) => [n, { object: sha, commit: repo.store.peel(sha)?.sha ?? null }]),
      ),
      pulls: this.pulls(owner, name),
    };
  }

  /** Every file at a ref (default branch by default), as UTF-8 text. */
  files(owner: string, name: string, ref?: string): { ref: string; commit: string; files: Record<string, string> } {
    const repo = this.repo(owner, name);
    const at = ref ?? repo.defaultBranch;
    const commit = resolveCommitish(repo, at);
    if (!commit) throw new ControlError(404, `no commit for ${at} in ${owner}/${name}`);
    const files: Record<string, string> = {};
    for (const [path, leaf] of flattenTree(repo.store, repo.store.commit(commit)?.tree ?? ''))
      files[path] = repo.store.blob(leaf.sha)?.data.toString('utf8') ?? '';
    return { ref: at, commit, files };
  }

  readFile(owner: string, name: string, path: string, ref?: string): string | undefined {
    return this.files(owner, name, ref).files[path];
  }

  pulls(owner: string, name: string): PullSummary[] {
    const repo = this.repo(owner, name);
    return repo.pulls.map((pr) => this.summary(repo, pr));
  }

  private summary(repo: Repo, pr: PullRequest): PullSummary {
    const shas = pullShas(repo, pr);
    return {
      number: pr.number,
      state: pr.state,
      merged: pr.mergedAt !== null,
      draft: pr.draft,
      title: pr.title,
      body: pr.body,
      head: pr.headRef,
      base: pr.baseRef,
      head_sha: shas.head,
      base_sha: shas.base,
      user: pr.authorLogin,
      html_url: `${this.ctx.htmlUrl}/${repo.ownerLogin}/${repo.name}/pull/${pr.number}`,
    };
  }

  private pull(owner: string, name: string, n: number): { repo: Repo; pr: PullRequest } {
    const repo = this.repo(owner, name);
    const pr = repo.pulls.find((p) => p.number === n);
    if (!pr) throw new ControlError(404, `no pull request #${n} in ${owner}/${name}`);
    return { repo, pr };
  }

  /** Merges (merge commit on the base branch) and fires `pull_request` closed with merged=true. */
  mergePull(owner: string, name: string, n: number, by?: string): PullSummary {
    const { repo, pr } = this.pull(owner, name, n);
    if (pr.state !== 'open') throw new ControlError(400, `pull request #${n} is not open`);
    const blocker = mergeBlocker(repo, pr);
    if (blocker) throw new ControlError(405, blocker);
    mergePull(this.ctx, repo, pr, by ?? this.personFor(repo.ownerLogin));
    return this.summary(repo, pr);
  }

  /** Repository rules the API does not expose: `require_signed_commits` (see the seed field of that name). */
  setRepoSettings(owner: string, name: string, input: unknown): { require_signed_commits: boolean } {
    const parsed = repoSettingsInput.safeParse(input);
    if (!parsed.success) throw new ControlError(400, `invalid settings:\n${z.prettifyError(parsed.error)}`);
    const repo = this.repo(owner, name);
    if (parsed.data.require_signed_commits !== undefined)
      repo.requireSignedCommits = parsed.data.require_signed_commits;
    return { require_signed_commits: repo.requireSignedCommits };
  }

  closePull(owner: string, name: string, n: number, by?: string): PullSummary {
    const { repo, pr } = this.pull(owner, name, n);
    closePull(this.ctx, repo, pr, by ?? this.personFor(repo.ownerLogin));
    return this.summary(repo, pr);
  }

  /** Revokes a token (pass it or its label); later requests with it get 401 Bad credentials. */
  revokeToken(tokenOrLabel: string): boolean {
    const label = tokenOrLabel.startsWith('sha256:') ? tokenOrLabel : tokenLabel(tokenOrLabel);
    let found = false;
    for (const t of this.ctx.state.tokens.values()) {
      if (t.label === label) {
        t.revoked = true;
        found = true;
      }
    }
    return found;
  }

  addInstallation(input: unknown): Record<string, unknown> {
    const parsed = installationInput.safeParse(input);
    if (!parsed.success) throw new ControlError(400, `invalid installation:\n${z.prettifyError(parsed.error)}`);
    const { state } = this.ctx;
    const app = state.apps.get(parsed.data.app_id);
    if (!app) throw new ControlError(404, `no app ${parsed.data.app_id}`);
    if (!state.account(parsed.data.account)) throw new ControlError(404, `no account ${parsed.data.account}`);
    if (state.installationFor(app.id, parsed.data.account))
      throw new ControlError(400, `app ${app.id} is already installed on ${parsed.data.account}`);
    const id = parsed.data.id ?? Math.max(10_000_000, ...state.installations.keys()) + 1;
    if (state.installations.has(id)) throw new ControlError(400, `installation ${id} already exists`);
    const inst = addInstallation(state, {
      id,
      appId: app.id,
      account: parsed.data.account,
      repositories: parsed.data.repositories,
      permissions: parsed.data.permissions ?? app.permissions,
    });
    this.announceInstallation(inst, 'created');
    return installationJson(this.ctx, inst);
  }

  /** Uninstalls: its tokens stop working and `installation` deleted is sent. */
  removeInstallation(id: number): void {
    const inst = this.ctx.state.installations.get(id);
    if (!inst) throw new ControlError(404, `no installation ${id}`);
    this.announceInstallation(inst, 'deleted');
    this.ctx.state.installations.delete(id);
    this.ctx.state.revokeInstallationTokens(id);
  }

  /** A developer's push: one commit of `files` on `branch` (default branch by default); sends `push`. */
  pushCommit(owner: string, name: string, input: unknown): { branch: string; before: string; commit: string } {
    return pushCommit(this.ctx, this.repo(owner, name), input, (login) => this.personFor(login));
  }

  /** Creates a repository (`{owner, name, private?, default_branch?, files?}`); sends `repository` created. */
  createRepository(input: unknown): Record<string, unknown> {
    return createRepository(this.ctx, input, (login) => this.personFor(login));
  }

  /** Adds/removes repositories of a selected-repositories installation (`{add?, remove?}`); sends `installation_repositories`. */
  changeInstallationRepositories(id: number, input: unknown): Record<string, unknown> {
    return changeInstallationRepositories(this.ctx, id, input, (login) => this.personFor(login));
  }

  /** Sets the global webhook (all events) or, with `app_id`, that App's webhook URL and secret. */
  setWebhook(input: { url: string | null; secret?: string | null; app_id?: number }): void {
    if (input.app_id !== undefined) {
      const app = this.ctx.state.apps.get(input.app_id);
      if (!app) throw new ControlError(404, `no app ${input.app_id}`);
      app.webhookUrl = input.url;
      if (input.secret !== undefined) app.webhookSecret = input.secret;
      return;
    }
    const target: WebhookTarget | null = input.url ? { url: input.url, secret: input.secret ?? null } : null;
    this.ctx.webhooks.global = target;
  }

  deliveries() {
    return this.ctx.webhooks.deliveries();
  }

  settled(): Promise<void> {
    return this.ctx.webhooks.settled();
  }

  /** Moves the emulator's clock forward (token expiry, code expiry, rate-limit windows). */
  advanceClock(ms: number): number {
    this.ctx.state.clockOffsetMs += ms;
    return this.ctx.state.now();
  }
}

export { SeedError };
