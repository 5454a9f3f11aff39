import { Router } from 'express';
import { actingUser } from '../auth/identity.js';
import { forbidden } from '../auth/permissions.js';
import type { EmulatorContext } from '../context.js';
import { validationFailed } from '../http/api-error.js';
import { scope, type Scope } from '../http/scope.js';
import { pullJson } from '../json/pulls.js';
import { repoApiUrl } from '../json/repos.js';
import type { PullRequest, Repo } from '../model.js';
import { roleAtLeast } from '../model.js';
import { closePull, mergeBlocker, mergePull, openPull, reopenPull } from '../pulls-service.js';

const DOCS = {
  create: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
  list: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests',
  get: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request',
  update: 'https://docs.github.com/rest/pulls/pulls#update-a-pull-request',
  merge: 'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request',
};
// Anyone who can read a repository may open a pull request on it, so the role needed is read.
const WRITE = { permission: 'pull_requests', level: 'write', role: 'read' } as const;
const READ = { permission: 'pull_requests', level: 'read' } as const;

const invalid = (field: string, code = 'invalid') => ({ resource: 'PullRequest', field, code });
const custom = (message: string) => ({ resource: 'PullRequest', code: 'custom', message });

function duplicateOf(repo: Repo, headRef: string, baseRef: string, except?: PullRequest): PullRequest | undefined {
  return repo.pulls.find((p) => p !== except && p.state === 'open' && p.headRef === headRef && p.baseRef === baseRef);
}

function createPull(s: Scope): void {
  const repo = s.repo(WRITE);
  const body = s.body();
  const missing = ['title', 'head', 'base'].filter((f) => typeof body[f] !== 'string' || body[f] === '');
  if (missing.length > 0)
    throw validationFailed(
      s.op.docs,
      missing.map((f) => invalid(f, 'missing_field')),
    );
  const head = String(body.head);
  const base = String(body.base);
  const colon = head.indexOf(':');
  const headOwner = colon >= 0 ? head.slice(0, colon) : repo.ownerLogin;
  const headRef = colon >= 0 ? head.slice(colon + 1) : head;
  // [I] forks are not modelled: a head in another account is an invalid head.
  const headSha = headOwner.toLowerCase() === repo.ownerLogin.toLowerCase() ? repo.branches.get(headRef) : undefined;
  const baseSha = repo.branches.get(base);
  const errors = [...(headSha ? [] : [invalid('head')]), ...(baseSha ? [] : [invalid('base')])];
  if (errors.length > 0 || !headSha || !baseSha) throw validationFailed(s.op.docs, errors);
  if (duplicateOf(repo, headRef, base))
    throw validationFailed(s.op.docs, [custom(`A pull request already exists for ${repo.ownerLogin}:${headRef}.`)]);
  if (repo.store.isAncestor(headSha, baseSha))
    throw validationFailed(s.op.docs, [custom(`No commits between ${base} and ${head}`)]);
  const author = actingUser(s.state, s.actor);
  if (!author) throw forbidden(s.actor, s.op.docs);
  const pr = openPull(s.ctx, repo, {
    title: String(body.title),
    body: typeof body.body === 'string' ? body.body : null,
    headRef,
    baseRef: base,
    draft: body.draft === true,
    authorLogin: author.login,
  });
  s.json(201, pullJson(s.ctx, repo, pr), { location: `${repoApiUrl(s.ctx, repo)}/pulls/${pr.number}` });
}

function listPulls(s: Scope): void {
  const repo = s.repo(READ);
  const state = s.query('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(state))
    throw validationFailed(s.op.docs, [{ resource: 'Issue', field: 'state', code: 'invalid' }]);
  const head = s.query('head');
  const base = s.query('base');
  let pulls = repo.pulls.filter((p) => state === 'all' || p.state === state);
  // The owner prefix is mandatory: without it GitHub silently ignores the filter (docs/github-behaviour.md#commit-sequence).
  if (head?.includes(':')) {
    const [owner = '', ...rest] = head.split(':');
    const ref = rest.join(':');
    pulls = owner.toLowerCase() === repo.ownerLogin.toLowerCase() ? pulls.filter((p) => p.headRef === ref) : [];
  }
  if (base) pulls = pulls.filter((p) => p.baseRef === base);
  const sort = s.query('sort') ?? 'created';
  const direction = s.query('direction') ?? 'desc';
  const key = (p: PullRequest) => (sort === 'updated' ? p.updatedAt : p.createdAt);
  pulls = [...pulls].sort(
    (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number) * (direction === 'asc' ? 1 : -1),
  );
  s.json(
    200,
    s.paginate(pulls).map((p) => pullJson(s.ctx, repo, p)),
  );
}

function findPull(s: Scope, repo: Repo): PullRequest {
  const n = Number(s.param('number'));
  const pr = repo.pulls.find((p) => p.number === n);
  if (!pr) throw s.notFound();
  return pr;
}

function updatePull(s: Scope): void {
  const repo = s.repo(WRITE);
  const pr = findPull(s, repo);
  const actor = actingUser(s.state, s.actor);
  const isAuthor = actor?.login.toLowerCase() === pr.authorLogin.toLowerCase();
  if (
    s.actor.kind !== 'installation' &&
    !isAuthor &&
    actor &&
    !roleAtLeast(s.state.userRole(actor.login, repo), 'triage')
  )
    throw forbidden(s.actor, s.op.docs);
  const body = s.body();
  if (body.state !== undefined && body.state !== 'open' && body.state !== 'closed')
    throw validationFailed(s.op.docs, [invalid('state')]);
  if (typeof body.base === 'string' && !repo.branches.has(body.base))
    throw validationFailed(s.op.docs, [invalid('base')]);
  if (body.state === 'open' && pr.state === 'closed') {
    if (pr.mergedAt) throw validationFailed(s.op.docs, [custom('Cannot reopen a merged pull request')]);
    if (!repo.branches.has(pr.headRef))
      throw validationFailed(s.op.docs, [custom('Cannot reopen: the head branch was deleted')]);
    if (duplicateOf(repo, pr.headRef, pr.baseRef, pr))
      throw validationFailed(s.op.docs, [
        custom(`A pull request already exists for ${repo.ownerLogin}:${pr.headRef}.`),
      ]);
  }
  if (typeof body.title === 'string') pr.title = body.title;
  if (typeof body.body === 'string' || body.body === null) pr.body = body.body;
  if (typeof body.base === 'string') pr.baseRef = body.base;
  pr.updatedAt = s.state.nowIso();
  const sender = actor?.login ?? repo.ownerLogin;
  if (body.state === 'closed') closePull(s.ctx, repo, pr, sender);
  if (body.state === 'open' && pr.state === 'closed') reopenPull(s.ctx, repo, pr, sender);
  s.json(200, pullJson(s.ctx, repo, pr));
}

/** `PUT /pulls/{n}/merge`, merge commits only: the emulator refuses squash and rebase loudly rather than faking them. */
function mergePullRoute(s: Scope): void {
  const repo = s.repo({ permission: 'contents', level: 'write' });
  const pr = findPull(s, repo);
  const body = s.body();
  const method = body.merge_method ?? 'merge';
  if (method !== 'merge' && method !== 'squash' && method !== 'rebase')
    throw validationFailed(s.op.docs, [invalid('merge_method')]);
  if (method !== 'merge')
    throw validationFailed(s.op.docs, [
      custom(`The GitHub emulator implements merge_method "merge" only, not "${method}".`),
    ]);
  if (pr.state !== 'open') throw s.fail(405, 'Pull Request is not mergeable');
  const head = repo.branches.get(pr.headRef);
  if (typeof body.sha === 'string' && body.sha !== head)
    throw s.fail(409, 'Head branch was modified. Review and try the merge again.');
  const blocker = mergeBlocker(repo, pr);
  // [I] a rule-blocked merge answers 405 like the other protected-branch refusals, with the rule's text.
  if (blocker) throw s.fail(405, blocker);
  const by = actingUser(s.state, s.actor)?.login ?? repo.ownerLogin;
  const sha = mergePull(s.ctx, repo, pr, by);
  s.json(200, { sha, merged: true, message: 'Pull Request successfully merged' });
}

export function pullRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const op = (docs: string, permissions: string) => ({ docs, scopes: 'repo', permissions });
  router.post('/repos/:owner/:repo/pulls', (req, res) =>
    createPull(scope(ctx, req, res, op(DOCS.create, 'pull_requests=write'))),
  );
  router.get('/repos/:owner/:repo/pulls', (req, res) =>
    listPulls(scope(ctx, req, res, op(DOCS.list, 'pull_requests=read'))),
  );
  router.get('/repos/:owner/:repo/pulls/:number', (req, res) => {
    const s = scope(ctx, req, res, op(DOCS.get, 'pull_requests=read'));
    const repo = s.repo(READ);
    s.json(200, pullJson(ctx, repo, findPull(s, repo)));
  });
  router.patch('/repos/:owner/:repo/pulls/:number', (req, res) =>
    updatePull(scope(ctx, req, res, op(DOCS.update, 'pull_requests=write'))),
  );
  router.put('/repos/:owner/:repo/pulls/:number/merge', (req, res) =>
    mergePullRoute(scope(ctx, req, res, op(DOCS.merge, 'contents=write'))),
  );
  return router;
}
