import { Router } from 'express';
import { actorSignature, parseSignature, WEB_FLOW } from '../auth/identity.js';
import { treeGate } from '../auth/workflow-gate.js';
import type { EmulatorContext } from '../context.js';
import { notSupplied, validationFailed } from '../http/api-error.js';
import { scope, type Scope } from '../http/scope.js';
import { resolveCommitish } from '../git/resolve-ref.js';
import { applyTreeChanges, TreeChangeError, type TreeChange } from '../git/tree-ops.js';
import { gitCommitJson, tagObjectJson, treeJson, wrappedBase64 } from '../json/git.js';
import { repoApiUrl } from '../json/repos.js';
import { nodeId } from '../json/users.js';
import type { Repo } from '../model.js';

const DOCS = {
  getTree: 'https://docs.github.com/rest/git/trees#get-a-tree',
  createTree: 'https://docs.github.com/rest/git/trees#create-a-tree',
  getBlob: 'https://docs.github.com/rest/git/blobs#get-a-blob',
  createBlob: 'https://docs.github.com/rest/git/blobs#create-a-blob',
  getCommit: 'https://docs.github.com/rest/git/commits#get-a-commit-object',
  createCommit: 'https://docs.github.com/rest/git/commits#create-a-commit',
  getTag: 'https://docs.github.com/rest/git/tags#get-a-tag',
};
const READ = { permission: 'contents', level: 'read' } as const;
const WRITE = { permission: 'contents', level: 'write' } as const;
const SHA = /^[0-9a-f]{40}$/;

/** Git Data endpoints answer 409 on a repository without commits. */
export function requireNonEmpty(s: Scope, repo: Repo): void {
  if (repo.branches.size === 0 && repo.tags.size === 0) throw s.fail(409, 'Git Repository is empty.');
}

function createTree(s: Scope): void {
  const repo = s.repo(WRITE);
  requireNonEmpty(s, repo);
  const body = s.body();
  if (!Array.isArray(body.tree)) throw notSupplied(s.op.docs, 'tree');
  let base: string | null = null;
  if (body.base_tree !== undefined && body.base_tree !== null) {
    base = typeof body.base_tree === 'string' ? body.base_tree.toLowerCase() : '';
    if (!repo.store.tree(base)) throw s.fail(422, 'base_tree is not a valid tree oid');
  }
  let sha: string;
  try {
    sha = applyTreeChanges(repo.store, base, body.tree as TreeChange[]);
  } catch (err) {
    if (err instanceof TreeChangeError) throw s.fail(422, err.message);
    throw err;
  }
  treeGate(s.actor, repo, base, sha, s.op.docs, s.ctx.quirks);
  s.json(201, treeJson(s.ctx, repo, sha, false), { location: `${repoApiUrl(s.ctx, repo)}/git/trees/${sha}` });
}

function createCommit(s: Scope): void {
  const repo = s.repo(WRITE);
  requireNonEmpty(s, repo);
  const body = s.body();
  const missing = ['message', 'tree'].filter((f) => typeof body[f] !== 'string');
  if (missing.length > 0) throw notSupplied(s.op.docs, ...missing);
  const tree = String(body.tree).toLowerCase();
  if (!repo.store.tree(tree)) throw s.fail(422, 'Tree SHA does not exist');
  const parents = Array.isArray(body.parents) ? body.parents.map((p) => String(p).toLowerCase()) : [];
  if (parents.some((p) => !repo.store.commit(p)))
    throw s.fail(422, 'Parent SHA does not exist or is not a commit object');
  const now = Math.floor(s.state.now() / 1000);
  const author = parseSignature(body.author, now);
  const committer = parseSignature(body.committer, now);
  if (author === 'invalid' || committer === 'invalid') {
    throw validationFailed(s.op.docs, [
      { resource: 'Commit', field: author === 'invalid' ? 'author' : 'committer', code: 'invalid' },
    ]);
  }
  // GitHub signs (web-flow) REST commits only for App installation tokens naming no author or committer
  // ("signature verification for bots", docs/github-behaviour.md#commit-signatures); user tokens' commits are unsigned.
  const signed = s.actor.kind === 'installation' && author === null && committer === null;
  const a = author ?? committer ?? actorSignature(s.state, s.actor, now);
  const c = committer ?? (signed ? { ...WEB_FLOW, time: now, tz: '+0000' } : a);
  const sha = repo.store.putCommit({ tree, parents, author: a, committer: c, message: String(body.message) }, signed);
  const commit = repo.store.commit(sha);
  if (!commit) throw new Error('commit vanished');
  s.json(201, gitCommitJson(s.ctx, repo, sha, commit), { location: `${repoApiUrl(s.ctx, repo)}/git/commits/${sha}` });
}

export function gitObjectRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const base = '/repos/:owner/:repo/git';
  router.get(`${base}/trees/*sha`, (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.getTree, scopes: 'repo', permissions: 'contents=read' });
    const repo = s.repo(READ);
    requireNonEmpty(s, repo);
    const ref = s.param('sha');
    // Like GitHub, accept a tree id, or a commit-ish whose tree is meant.
    const tree = repo.store.tree(ref.toLowerCase())
      ? ref.toLowerCase()
      : repo.store.commit(resolveCommitish(repo, ref) ?? '')?.tree;
    if (!tree) throw s.notFound();
    const recursive = s.query('recursive');
    s.json(200, treeJson(ctx, repo, tree, recursive !== undefined && recursive !== '0' && recursive !== 'false'));
  });
  router.post(`${base}/trees`, (req, res) =>
    createTree(scope(ctx, req, res, { docs: DOCS.createTree, scopes: 'repo', permissions: 'contents=write' })),
  );
  router.get(`${base}/blobs/:sha`, (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.getBlob, scopes: 'repo', permissions: 'contents=read' });
    const repo = s.repo(READ);
    const sha = s.param('sha').toLowerCase();
    const blob = repo.store.blob(sha);
    if (!blob) throw s.notFound();
    const api = repoApiUrl(ctx, repo);
    s.json(200, {
      sha,
      node_id: nodeId('Blob', `${repo.id}:${sha}`),
      size: blob.data.length,
      url: `${api}/git/blobs/${sha}`,
      content: wrappedBase64(blob.data),
      encoding: 'base64',
    });
  });
  router.post(`${base}/blobs`, (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.createBlob, scopes: 'repo', permissions: 'contents=write' });
    const repo = s.repo(WRITE);
    const body = s.body();
    if (typeof body.content !== 'string') throw notSupplied(DOCS.createBlob, 'content');
    const encoding = body.encoding ?? 'utf-8';
    if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
      throw validationFailed(DOCS.createBlob, [{ resource: 'Blob', field: 'encoding', code: 'invalid' }]);
    }
    const sha = repo.store.putBlob(Buffer.from(body.content, encoding === 'base64' ? 'base64' : 'utf8'));
    const url = `${repoApiUrl(ctx, repo)}/git/blobs/${sha}`;
    s.json(201, { url, sha }, { location: url });
  });
  router.get(`${base}/commits/:sha`, (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.getCommit, scopes: 'repo', permissions: 'contents=read' });
    const repo = s.repo(READ);
    const sha = s.param('sha').toLowerCase();
    const commit = SHA.test(sha) ? repo.store.commit(sha) : undefined;
    if (!commit) throw s.notFound();
    s.json(200, gitCommitJson(ctx, repo, sha, commit));
  });
  router.post(`${base}/commits`, (req, res) =>
    createCommit(scope(ctx, req, res, { docs: DOCS.createCommit, scopes: 'repo', permissions: 'contents=write' })),
  );
  router.get(`${base}/tags/:sha`, (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.getTag, scopes: 'repo', permissions: 'contents=read' });
    const repo = s.repo(READ);
    const tag = tagObjectJson(ctx, repo, s.param('sha').toLowerCase());
    if (!tag) throw s.notFound();
    s.json(200, tag);
  });
  return router;
}
