import { Router } from 'express';
import { actingUser, actorSignature, parseSignature, WEB_FLOW } from '../auth/identity.js';
import { announcePush } from '../webhooks/push-event.js';
import { contentsGate } from '../auth/workflow-gate.js';
import type { EmulatorContext } from '../context.js';
import { notSupplied, validationFailed } from '../http/api-error.js';
import { scope, type Scope } from '../http/scope.js';
import { resolveCommitish } from '../git/resolve-ref.js';
import { applyTreeChanges, listTree, lookupPath } from '../git/tree-ops.js';
import { gitCommitJson, wrappedBase64 } from '../json/git.js';
import { repoApiUrl, repoHtmlUrl } from '../json/repos.js';
import type { Repo } from '../model.js';

const DOCS = {
  get: 'https://docs.github.com/rest/repos/contents#get-repository-content',
  put: 'https://docs.github.com/rest/repos/contents#create-or-update-file-contents',
};
const RAW_MEDIA = /application\/vnd\.github(\.v3)?\.raw/i;

function entryJson(
  ctx: EmulatorContext,
  repo: Repo,
  path: string,
  mode: string,
  sha: string,
  ref: string,
): Record<string, unknown> {
  const api = repoApiUrl(ctx, repo);
  const html = repoHtmlUrl(ctx, repo);
  const type = mode === '40000' ? 'dir' : mode === '160000' ? 'submodule' : mode === '120000' ? 'symlink' : 'file';
  const self = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = type === 'dir' ? `${api}/git/trees/${sha}` : type === 'submodule' ? null : `${api}/git/blobs/${sha}`;
  const htmlUrl = type === 'submodule' ? null : `${html}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${path}`;
  const size = type === 'file' || type === 'symlink' ? (repo.store.blob(sha)?.data.length ?? 0) : 0;
  return {
    type,
    size,
    name: path.split('/').pop() ?? path,
    path,
    sha,
    url: self,
    git_url: git,
    html_url: htmlUrl,
    download_url: type === 'file' ? `${ctx.url}/_emulator/raw/${repo.ownerLogin}/${repo.name}/${ref}/${path}` : null,
    _links: { self, git, html: htmlUrl },
  };
}

/** How many links in a row are followed, as git's own bound on symlink chains. */
const MAX_LINK_HOPS = 40;

/**
 * GitHub answers a symlink whose target is a regular file in the repository with that file; anything else (a
 * directory, a missing target, a path leaving the repository) with the link itself.
 */
function followLink(
  repo: Repo,
  tree: string,
  path: string,
  entry: { mode: string; sha: string },
): { path: string; mode: string; sha: string } {
  let current = { path, ...entry };
  for (let hop = 0; hop < MAX_LINK_HOPS && current.mode === '120000'; hop++) {
    const target = repo.store.blob(current.sha)?.data.toString('utf8') ?? '';
    if (target.startsWith('/')) return { path, ...entry };
    const parts = current.path.split('/').slice(0, -1);
    for (const seg of target.split('/')) {
      if (seg === '..' && parts.length === 0) return { path, ...entry };
      if (seg === '..') parts.pop();
      else if (seg !== '' && seg !== '.') parts.push(seg);
    }
    const next = lookupPath(repo.store, tree, parts.join('/'));
    if (!next || next.mode === '40000' || next.mode === '160000') return { path, ...entry };
    current = { path: parts.join('/'), ...next };
  }
  return current.mode === '120000' ? { path, ...entry } : current;
}

function getContents(s: Scope): void {
  const repo = s.repo({ permission: 'contents', level: 'read' });
  if (repo.branches.size === 0) throw s.fail(404, 'This repository is empty.');
  const ref = s.query('ref') ?? repo.defaultBranch;
  const commit = resolveCommitish(repo, ref);
  if (!commit) throw s.fail(404, `No commit found for the ref ${ref}`);
  const tree = repo.store.commit(commit)?.tree ?? '';
  const asked = s.param('path').replace(/^\/+|\/+$/g, '');
  const found = lookupPath(repo.store, tree, asked);
  if (!found) throw s.notFound();
  if (found.mode === '40000') {
    const listing = listTree(repo.store, found.sha, false).map((e) =>
      entryJson(s.ctx, repo, asked ? `${asked}/${e.path}` : e.path, e.mode, e.sha, ref),
    );
    s.json(200, listing);
    return;
  }
  const { path, ...entry } = found.mode === '120000' ? followLink(repo, tree, asked, found) : { path: asked, ...found };
  const body = entryJson(s.ctx, repo, path, entry.mode, entry.sha, ref);
  const data = repo.store.blob(entry.sha)?.data ?? Buffer.alloc(0);
  // Directories and submodules have no raw form; files and (unfollowed) links answer with their bytes.
  if ((body.type === 'file' || body.type === 'symlink') && RAW_MEDIA.test(s.req.headers.accept ?? '')) {
    s.raw(200, data, 'application/vnd.github.raw; charset=utf-8');
    return;
  }
  if (body.type === 'file') Object.assign(body, { content: wrappedBase64(data), encoding: 'base64' });
  if (body.type === 'symlink') body.target = data.toString('utf8');
  if (body.type === 'submodule') body.submodule_git_url = '';
  s.json(200, body);
}

function putContents(s: Scope): void {
  const repo = s.repo({ permission: 'contents', level: 'write' });
  const path = s.param('path').replace(/^\/+|\/+$/g, '');
  const body = s.body();
  const missing = ['message', 'content'].filter((f) => typeof body[f] !== 'string');
  // [I] docs/github-behaviour.md#permission-checks: permission is checked first, so this 422 (vs 403/404) doubles as a Contents-write probe.
  if (missing.length > 0) throw notSupplied(s.op.docs, ...missing);
  contentsGate(s.actor, path, s.op.docs);
  const branch = typeof body.branch === 'string' ? body.branch : repo.defaultBranch;
  const head = repo.branches.get(branch);
  if (!head && repo.branches.size > 0) throw s.fail(404, `Branch ${branch} not found`);
  const headTree = head ? (repo.store.commit(head)?.tree ?? null) : null;
  const existing = headTree ? lookupPath(repo.store, headTree, path) : undefined;
  if (existing && typeof body.sha !== 'string') throw notSupplied(s.op.docs, 'sha');
  if (existing && body.sha !== existing.sha) throw s.fail(409, `${path} does not match ${String(body.sha)}`);
  const content = Buffer.from(String(body.content), 'base64');
  const now = Math.floor(s.state.now() / 1000);
  const author = parseSignature(body.author, now);
  const committer = parseSignature(body.committer, now);
  if (author === 'invalid' || committer === 'invalid')
    throw validationFailed(s.op.docs, [{ resource: 'Commit', field: 'author', code: 'invalid' }]);
  const blob = repo.store.putBlob(content);
  const tree = applyTreeChanges(repo.store, headTree, [{ path, mode: '100644', type: 'blob', sha: blob }]);
  const signed = author === null && committer === null;
  const a = author ?? committer ?? actorSignature(s.state, s.actor, now);
  const c = committer ?? (signed ? { ...WEB_FLOW, time: now, tz: '+0000' } : a);
  const sha = repo.store.putCommit(
    { tree, parents: head ? [head] : [], author: a, committer: c, message: String(body.message) },
    signed,
  );
  repo.branches.set(branch, sha);
  repo.pushedAt = s.state.nowIso();
  announcePush(s.ctx, repo, {
    branch,
    before: head ?? null,
    after: sha,
    senderLogin: actingUser(s.state, s.actor)?.login ?? repo.ownerLogin,
  });
  const commit = repo.store.commit(sha);
  if (!commit) throw new Error('commit vanished');
  s.json(existing ? 200 : 201, {
    content: entryJson(s.ctx, repo, path, '100644', blob, branch),
    commit: gitCommitJson(s.ctx, repo, sha, commit),
  });
}

export function contentRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/repos/:owner/:repo/contents{/*path}', (req, res) =>
    getContents(scope(ctx, req, res, { docs: DOCS.get, scopes: 'repo', permissions: 'contents=read' })),
  );
  router.put('/repos/:owner/:repo/contents/*path', (req, res) =>
    putContents(scope(ctx, req, res, { docs: DOCS.put, scopes: 'repo', permissions: 'contents=write' })),
  );
  return router;
}
