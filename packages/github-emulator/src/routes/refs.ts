import { Router } from 'express';
import { actingUser } from '../auth/identity.js';
import { refGate } from '../auth/workflow-gate.js';
import type { EmulatorContext } from '../context.js';
import { notSupplied } from '../http/api-error.js';
import { scope, type Scope } from '../http/scope.js';
import { allRefs, refTarget } from '../git/resolve-ref.js';
import { refJson } from '../json/git.js';
import { repoApiUrl } from '../json/repos.js';
import type { Repo } from '../model.js';
import { closePull } from '../pulls-service.js';
import { announcePush } from '../webhooks/push-event.js';
import { requireNonEmpty } from './git-objects.js';

const DOCS = {
  get: 'https://docs.github.com/rest/git/refs#get-a-reference',
  matching: 'https://docs.github.com/rest/git/refs#list-matching-references',
  create: 'https://docs.github.com/rest/git/refs#create-a-reference',
  update: 'https://docs.github.com/rest/git/refs#update-a-reference',
  delete: 'https://docs.github.com/rest/git/refs#delete-a-reference',
};
const READ = { permission: 'contents', level: 'read' } as const;
const WRITE = { permission: 'contents', level: 'write' } as const;
const WRITE_PERMS = 'contents=write; contents=write,workflows=write';

function setRef(s: Scope, repo: Repo, fullRef: string, sha: string): void {
  const before = refTarget(repo, fullRef) ?? null;
  if (fullRef.startsWith('refs/heads/')) repo.branches.set(fullRef.slice('refs/heads/'.length), sha);
  else repo.tags.set(fullRef.slice('refs/tags/'.length), sha);
  repo.pushedAt = s.state.nowIso();
  // A branch that moves sends `push`, as on GitHub ([I] tags do too there; nothing here needs them).
  if (fullRef.startsWith('refs/heads/'))
    announcePush(s.ctx, repo, {
      branch: fullRef.slice('refs/heads/'.length),
      before,
      after: sha,
      senderLogin: pusher(s, repo),
    });
}

function pusher(s: Scope, repo: Repo): string {
  return actingUser(s.state, s.actor)?.login ?? repo.ownerLogin;
}

/** Refs may live only under refs/heads/ and refs/tags/ here; GitHub's own limit is "refs/" plus two slashes. */
function validRefName(ref: string): boolean {
  if (!/^refs\/(heads|tags)\/./.test(ref)) return false;
  return !/(\.\.|\/\/|@\{|[\s~^:?*[\\]|\.lock$|\/$|\.$)/.test(ref);
}

function createRef(s: Scope): void {
  const repo = s.repo(WRITE);
  const body = s.body();
  const missing = ['ref', 'sha'].filter((f) => typeof body[f] !== 'string');
  if (missing.length > 0) throw notSupplied(s.op.docs, ...missing);
  const ref = String(body.ref);
  const sha = String(body.sha).toLowerCase();
  // [I] GitHub's text for a malformed ref name is unrecorded.
  if (!validRefName(ref)) throw s.fail(422, 'Reference name is invalid');
  if (refTarget(repo, ref) !== undefined) throw s.fail(422, 'Reference already exists');
  // Observed (github/rest-api-description#714): an unknown SHA gives 500 with no body.
  if (!repo.store.has(sha)) throw s.fail(500, '', { emptyBody: true });
  if (ref.startsWith('refs/heads/')) {
    if (!repo.store.commit(sha)) throw s.fail(422, 'Reference update failed');
    refGate(s.actor, repo, sha, s.op.docs);
  }
  setRef(s, repo, ref, sha);
  s.json(201, refJson(s.ctx, repo, ref, sha), { location: `${repoApiUrl(s.ctx, repo)}/git/${ref}` });
}

function updateRef(s: Scope): void {
  const repo = s.repo(WRITE);
  const ref = `refs/${s.param('ref')}`;
  const body = s.body();
  if (typeof body.sha !== 'string') throw notSupplied(s.op.docs, 'sha');
  const sha = body.sha.toLowerCase();
  const current = refTarget(repo, ref);
  if (current === undefined) throw s.fail(422, 'Reference does not exist');
  // [I] the create endpoint's 500 is recorded; for updates we answer GitHub's usual 422.
  if (!repo.store.has(sha)) throw s.fail(422, 'Object does not exist');
  if (ref.startsWith('refs/heads/')) {
    if (!repo.store.commit(sha)) throw s.fail(422, 'Reference update failed');
    if (body.force !== true && !repo.store.isAncestor(current, sha)) throw s.fail(422, 'Update is not a fast forward');
    refGate(s.actor, repo, sha, s.op.docs);
  }
  setRef(s, repo, ref, sha);
  s.json(200, refJson(s.ctx, repo, ref, sha));
}

function deleteRef(s: Scope): void {
  const repo = s.repo(WRITE);
  const ref = `refs/${s.param('ref')}`;
  if (refTarget(repo, ref) === undefined) throw s.fail(422, 'Reference does not exist');
  if (ref.startsWith('refs/heads/')) {
    const branch = ref.slice('refs/heads/'.length);
    // Deleting a PR's head branch closes the PR, as on GitHub.
    const sender = pusher(s, repo);
    for (const pr of repo.pulls) if (pr.state === 'open' && pr.headRef === branch) closePull(s.ctx, repo, pr, sender);
    const before = repo.branches.get(branch) ?? null;
    repo.branches.delete(branch);
    announcePush(s.ctx, repo, { branch, before, after: null, senderLogin: sender });
  } else {
    repo.tags.delete(ref.slice('refs/tags/'.length));
  }
  s.json(204, null);
}

export function refRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const base = '/repos/:owner/:repo/git';
  router.get(`${base}/ref/*ref`, (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.get, scopes: 'repo', permissions: 'contents=read' });
    const repo = s.repo(READ);
    requireNonEmpty(s, repo);
    // `heads/x` or `tags/x` only: a bare SHA or `refs/…` is 404 (github/docs#31914).
    const ref = `refs/${s.param('ref')}`;
    const sha = refTarget(repo, ref);
    if (sha === undefined) throw s.notFound();
    s.json(200, refJson(ctx, repo, ref, sha));
  });
  router.get(`${base}/matching-refs{/*ref}`, (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.matching, scopes: 'repo', permissions: 'contents=read' });
    const repo = s.repo(READ);
    requireNonEmpty(s, repo);
    const prefix = `refs/${s.param('ref')}`;
    s.json(
      200,
      allRefs(repo)
        .filter((r) => r.ref.startsWith(prefix))
        .map((r) => refJson(ctx, repo, r.ref, r.sha)),
    );
  });
  router.post(`${base}/refs`, (req, res) =>
    createRef(scope(ctx, req, res, { docs: DOCS.create, scopes: 'repo', permissions: WRITE_PERMS })),
  );
  router.patch(`${base}/refs/*ref`, (req, res) =>
    updateRef(scope(ctx, req, res, { docs: DOCS.update, scopes: 'repo', permissions: WRITE_PERMS })),
  );
  router.delete(`${base}/refs/*ref`, (req, res) =>
    deleteRef(scope(ctx, req, res, { docs: DOCS.delete, scopes: 'repo', permissions: 'contents=write' })),
  );
  return router;
}
