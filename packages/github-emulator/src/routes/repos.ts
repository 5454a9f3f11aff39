import { Router } from 'express';
import type { EmulatorContext } from '../context.js';
import { notSupplied } from '../http/api-error.js';
import { scope } from '../http/scope.js';
import { resolveCommitish } from '../git/resolve-ref.js';
import { branchJson } from '../json/git.js';
import { fullRepositoryJson, repoApiUrl, repoHtmlUrl } from '../json/repos.js';
import { accountRef, nodeId, simpleUser } from '../json/users.js';
import type { RepoRole } from '../model.js';

const DOCS = {
  repo: 'https://docs.github.com/rest/repos/repos#get-a-repository',
  tags: 'https://docs.github.com/rest/repos/repos#list-repository-tags',
  branch: 'https://docs.github.com/rest/branches/branches#get-a-branch',
  permission: 'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user',
  notes: 'https://docs.github.com/rest/releases/releases#generate-release-notes-content-for-a-release',
};

const METADATA = { permission: 'metadata', level: 'read' } as const;

/** Newest-looking first: GitHub lists tags in descending (version-aware) name order. [I] */
function compareTagsDesc(a: string, b: string): number {
  return b.localeCompare(a, 'en', { numeric: true });
}

const LEGACY: Record<RepoRole, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
};

export function repoRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/repos/:owner/:repo', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.repo, scopes: 'repo', permissions: 'metadata=read' });
    const repo = s.repo(METADATA);
    s.json(200, fullRepositoryJson(ctx, repo, s.actor));
  });

  router.get('/repos/:owner/:repo/tags', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.tags, scopes: 'repo', permissions: 'metadata=read' });
    const repo = s.repo(METADATA);
    const api = repoApiUrl(ctx, repo);
    const names = [...repo.tags.keys()].sort(compareTagsDesc);
    const tags = names.map((name) => {
      const sha = repo.store.peel(repo.tags.get(name) ?? '')?.sha ?? '';
      return {
        name,
        zipball_url: `${api}/zipball/refs/tags/${name}`,
        tarball_url: `${api}/tarball/refs/tags/${name}`,
        commit: { sha, url: `${api}/commits/${sha}` },
        node_id: nodeId('Ref', `${repo.id}:refs/tags/${name}`),
      };
    });
    s.json(200, s.paginate(tags));
  });

  router.get('/repos/:owner/:repo/branches/*branch', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.branch, scopes: 'repo', permissions: 'contents=read' });
    const repo = s.repo({ permission: 'contents', level: 'read' });
    const name = s.param('branch');
    const sha = repo.branches.get(name);
    if (!sha) throw s.fail(404, 'Branch not found');
    s.json(200, branchJson(ctx, repo, name, sha));
  });

  router.get('/repos/:owner/:repo/collaborators/:username/permission', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.permission, scopes: 'repo', permissions: 'metadata=read' });
    const repo = s.repo(METADATA);
    const user = ctx.state.user(s.param('username'));
    if (!user) throw s.notFound();
    // [I] users without a role read public repositories; on private ones they get "none".
    const role = ctx.state.userRole(user.login, repo) ?? (repo.private ? null : 'read');
    const legacy = role ? LEGACY[role] : 'none';
    const roleName = role ?? 'none';
    const perms = {
      admin: role === 'admin',
      maintain: role === 'admin' || role === 'maintain',
      push: legacy === 'admin' || legacy === 'write',
      triage: role !== null && role !== 'read',
      pull: role !== null,
    };
    s.json(200, {
      permission: legacy,
      role_name: roleName,
      user: { ...simpleUser(ctx, accountRef(ctx, user.login)), permissions: perms, role_name: roleName },
    });
  });

  router.post('/repos/:owner/:repo/releases/generate-notes', (req, res) => {
    // A Contents-write probe with no side effects (docs/github-behaviour.md#permission-checks): nothing is stored.
    const s = scope(ctx, req, res, { docs: DOCS.notes, scopes: 'repo', permissions: 'contents=write' });
    const repo = s.repo({ permission: 'contents', level: 'write' });
    const body = s.body();
    const tag = body.tag_name;
    if (typeof tag !== 'string' || tag === '') throw notSupplied(DOCS.notes, 'tag_name');
    const target = typeof body.target_commitish === 'string' ? body.target_commitish : repo.defaultBranch;
    if (!repo.tags.has(tag) && !resolveCommitish(repo, target)) throw s.notFound();
    const previous = typeof body.previous_tag_name === 'string' ? body.previous_tag_name : null;
    const range = previous ? `${previous}...${tag}` : `${tag}`;
    const link = previous ? `${repoHtmlUrl(ctx, repo)}/compare/${range}` : `${repoHtmlUrl(ctx, repo)}/commits/${tag}`;
    s.json(200, { name: tag, body: `**Full Changelog**: ${link}` });
  });
  return router;
}
