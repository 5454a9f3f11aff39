import { Router } from 'express';
import { actorSignature, parseSignature, WEB_FLOW } from '../auth/identity.js';
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

function entryJson(ctx: EmulatorContext, repo: Repo, path: string, mode: string, sha: string, ref: string): Record<string, unknown> {
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

function getContents(s: Scope): void {
  const repo = s.repo({ permission: 'contents', level: 'read' });
  if (repo.branches.size === 0) throw s.fail(404, 'This repository is empty.');
  const ref = s.query('ref') ?? repo.defaultBranch;
  const commit = resolveCommitish(repo, ref);
  if (!commit) throw s.fail(404, `No commit found for the ref ${ref}`);
  const tree = repo.store.commit(commit)?.tree ?? '';
  const path = s.param('path').replace(/^\/+|\/+$/g, '');
  const entry = lookupPath(repo.store, tree, path);
  if (!entry) throw s.notFound();
  if (entry.mode === '40000') {
    const listing = listTree(repo.store, entry.sha, false).map((e) => entryJson(s.ctx, repo, path ? `${path}/${e.path}` : e.path, e.mode, e.sha, ref));
    s.json(200, listing);
    return;
  }
  const body = entryJson(s.ctx, repo, path, entry.mode, entry.sha, ref);
  const data = repo.store.blob(entry.sha)?.data ?? Buffer.alloc(0);
  if (body.type === 'file' && RAW_MEDIA.test(s.req.headers.accept ?? '')) {
    s.raw(200, data.toString('utf8'), 'application/vnd.github.raw; charset=utf-8');
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
  // [I] github-facts §2: permission is checked first, so this 422 (vs 403/404) doubles as a Contents-write probe.
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
  if (author === 'invalid' || committer === 'invalid') throw validationFailed(s.op.docs, [{ resource: 'Commit', field: 'author', code: 'invalid' }]);
  const blob = repo.store.putBlob(content);
  const tree = applyTreeChanges(repo.store, headTree, [{ path, mode: '100644', type: 'blob', sha: blob }]);
  const signed = author === null && committer === null;
  const a = author ?? committer ?? actorSignature(s.state, s.actor, now);
  const c = committer ?? (signed ? { ...WEB_FLOW, time: now, tz: '+0000' } : a);
  const sha = repo.store.putCommit({ tree, parents: head ? [head] : [], author: a, committer: c, message: String(body.message) }, signed);
  repo.branches.set(branch, sha);
  repo.pushedAt = s.state.nowIso();
  const commit = repo.store.commit(sha);
  if (!commit) throw new Error('commit vanished');
  s.json(existing ? 200 : 201, { content: entryJson(s.ctx, repo, path, '100644', blob, branch), commit: gitCommitJson(s.ctx, repo, sha, commit) });
}

export function contentRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/repos/:owner/:repo/contents{/*path}', (req, res) => getContents(scope(ctx, req, res, { docs: DOCS.get, scopes: 'repo', permissions: 'contents=read' })));
  router.put('/repos/:owner/:repo/contents/*path', (req, res) => putContents(scope(ctx, req, res, { docs: DOCS.put, scopes: 'repo', permissions: 'contents=write' })));
  return router;
}
