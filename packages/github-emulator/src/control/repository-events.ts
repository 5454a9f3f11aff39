import { z } from 'zod';
import type { EmulatorContext } from '../context.js';
import { applyTreeChanges, lookupPath, TreeChangeError, type TreeChange } from '../git/tree-ops.js';
import { installationJson, repoSummary } from '../json/apps.js';
import { repositoryJson } from '../json/repos.js';
import { accountRef, simpleUser } from '../json/users.js';
import { fullNameKey, type Repo } from '../model.js';
import { applySeed } from '../seed-loader.js';
import { parseSeed } from '../seed-schema.js';
import { announcePush } from '../webhooks/push-event.js';
import { ControlError } from './control-error.js';

const pushInput = z.strictObject({
  /** default: the repository's default branch */
  branch: z.string().min(1).optional(),
  /** path → new content (UTF-8), or null to delete the file */
  files: z.record(z.string(), z.string().nullable()).refine((f) => Object.keys(f).length > 0, 'give at least one file'),
  message: z.string().min(1),
  /** the login committing (default: the owner, or an org's first admin) */
  author: z.string().optional(),
});

const repositoryInput = z.strictObject({
  owner: z.string().min(1),
  name: z.string().min(1),
  private: z.boolean().default(true),
  default_branch: z.string().min(1).default('main'),
  description: z.string().optional(),
  files: z.record(z.string(), z.string()).default({}),
});

const selectionInput = z.strictObject({
  add: z.array(z.string()).default([]),
  remove: z.array(z.string()).default([]),
});

function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ControlError(400, `invalid ${what}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * A developer's push, as `git push` would make it: one commit (unsigned, authored by the person) on top of the
 * branch, the branch moved, and `push` sent like every other branch move.
 */
export function pushCommit(
  ctx: EmulatorContext,
  repo: Repo,
  input: unknown,
  personFor: (login: string) => string,
): { branch: string; before: string; commit: string } {
  const { branch = repo.defaultBranch, files, message, author } = parse(pushInput, input, 'commit');
  const head = repo.branches.get(branch);
  const headCommit = head ? repo.store.commit(head) : undefined;
  if (!head || !headCommit) throw new ControlError(404, `no branch ${branch} in ${repo.ownerLogin}/${repo.name}`);
  const changes: TreeChange[] = Object.entries(files).map(([path, content]) => {
    if (content !== null)
      return { path, mode: '100644', type: 'blob', sha: repo.store.putBlob(Buffer.from(content, 'utf8')) };
    if (!lookupPath(repo.store, headCommit.tree, path))
      throw new ControlError(400, `cannot delete ${path}: it is not on ${branch}`);
    return { path, mode: '100644', type: 'blob', sha: null };
  });
  let tree: string;
  try {
    tree = applyTreeChanges(repo.store, headCommit.tree, changes);
  } catch (err) {
    if (err instanceof TreeChangeError) throw new ControlError(400, err.message);
    throw err;
  }
  const login = author ?? personFor(repo.ownerLogin);
  const user = ctx.state.user(login);
  const sig = {
    name: user?.name ?? login,
    email: user?.email ?? `${user?.id ?? 0}+${login}@users.noreply.github.com`,
    time: Math.floor(ctx.state.now() / 1000),
    tz: '+0000',
  };
  const commit = repo.store.putCommit({ tree, parents: [head], author: sig, committer: sig, message });
  repo.branches.set(branch, commit);
  repo.pushedAt = ctx.state.nowIso();
  announcePush(ctx, repo, { branch, before: head, after: commit, senderLogin: login });
  return { branch, before: head, commit };
}

/** A repository created by its owner: `repository` created goes to the Apps installed on all of the owner's repositories. */
export function createRepository(
  ctx: EmulatorContext,
  input: unknown,
  personFor: (login: string) => string,
): Record<string, unknown> {
  const r = parse(repositoryInput, input, 'repository');
  applySeed(ctx.state, parseSeed({ repositories: [r] }));
  const repo = ctx.state.repo(r.owner, r.name);
  if (!repo) throw new ControlError(500, 'the repository was not created');
  const sender = simpleUser(ctx, accountRef(ctx, personFor(repo.ownerLogin)));
  ctx.webhooks.emit(
    ctx.state,
    'repository',
    { action: 'created', repository: repositoryJson(ctx, repo), sender },
    { repo },
  );
  return repoSummary(repo);
}

/**
 * The owner changes which repositories an installation with selected repositories covers: `installation_repositories`
 * `added` and/or `removed` go to its App. An installation on all repositories has no list to change (400).
 */
export function changeInstallationRepositories(
  ctx: EmulatorContext,
  installationId: number,
  input: unknown,
  personFor: (login: string) => string,
): Record<string, unknown> {
  const inst = ctx.state.installations.get(installationId);
  if (!inst) throw new ControlError(404, `no installation ${installationId}`);
  if (inst.repositories === 'all')
    throw new ControlError(400, `installation ${installationId} covers all repositories of ${inst.accountLogin}`);
  const { add, remove } = parse(selectionInput, input, 'selection');
  const repoOf = (name: string): Repo => {
    const [owner = '', repoName = ''] = name.split('/');
    const repo = ctx.state.repo(owner, repoName);
    if (!repo || repo.ownerLogin.toLowerCase() !== inst.accountLogin.toLowerCase())
      throw new ControlError(400, `${name} is not a repository of ${inst.accountLogin}`);
    return repo;
  };
  const selected = new Set(inst.repositories);
  const added = add.map(repoOf).filter((r) => !selected.has(fullNameKey(r.ownerLogin, r.name)));
  const removed = remove.map(repoOf).filter((r) => selected.has(fullNameKey(r.ownerLogin, r.name)));
  for (const r of added) selected.add(fullNameKey(r.ownerLogin, r.name));
  for (const r of removed) selected.delete(fullNameKey(r.ownerLogin, r.name));
  inst.repositories = [...selected];
  inst.updatedAt = ctx.state.nowIso();
  const sender = simpleUser(ctx, accountRef(ctx, personFor(inst.accountLogin)));
  for (const [action, list] of [
    ['added', added],
    ['removed', removed],
  ] as const) {
    if (list.length === 0) continue;
    ctx.webhooks.emit(
      ctx.state,
      'installation_repositories',
      {
        action,
        installation: installationJson(ctx, inst),
        repository_selection: 'selected',
        repositories_added: action === 'added' ? list.map(repoSummary) : [],
        repositories_removed: action === 'removed' ? list.map(repoSummary) : [],
        requester: null,
        sender,
      },
      { installation: inst },
    );
  }
  return installationJson(ctx, inst);
}
