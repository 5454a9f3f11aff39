import { Router } from 'express';
import { actingUser } from '../auth/identity.js';
import { forbidden } from '../auth/permissions.js';
import type { EmulatorContext } from '../context.js';
import { validationFailed } from '../http/api-error.js';
import { scope, type Scope } from '../http/scope.js';
import { issueJson, pullAsIssueJson } from '../json/issues.js';
import { repoApiUrl } from '../json/repos.js';
import type { Issue, PullRequest, Repo } from '../model.js';
import { roleAtLeast } from '../model.js';
import { closePull, reopenPull } from '../pulls-service.js';
import { applyLabels, canLabel } from './labels.js';

const DOCS = {
  create: 'https://docs.github.com/rest/issues/issues#create-an-issue',
  list: 'https://docs.github.com/rest/issues/issues#list-repository-issues',
  get: 'https://docs.github.com/rest/issues/issues#get-an-issue',
  update: 'https://docs.github.com/rest/issues/issues#update-an-issue',
};
// Anyone who can read a repository may open an issue on it; editing someone else's needs triage (checked below).
const WRITE = { permission: 'issues', level: 'write', role: 'read' } as const;
const READ = { permission: 'issues', level: 'read' } as const;
const STATE_REASONS = ['completed', 'not_planned', 'reopened'] as const;

const invalid = (field: string, code = 'invalid') => ({ resource: 'Issue', field, code });

// [I] No `issues` webhooks are sent: nothing that uses the emulator subscribes to them yet.

/** The repository, refusing with 410 when its issues are turned off, as GitHub does. */
function issuesRepo(s: Scope, need: typeof READ | typeof WRITE): Repo {
  const repo = s.repo(need);
  if (!repo.hasIssues) throw s.fail(410, 'Issues are disabled for this repo');
  return repo;
}

function labelNames(value: unknown, s: Scope): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw validationFailed(s.op.docs, [invalid('labels')]);
  return value.map((l: unknown) => {
    const name =
      typeof l === 'string' ? l : typeof l === 'object' && l !== null ? (l as { name?: unknown }).name : undefined;
    if (typeof name !== 'string' || name.trim() === '') throw validationFailed(s.op.docs, [invalid('labels')]);
    return name;
  });
}

function createIssue(s: Scope): void {
  const repo = issuesRepo(s, WRITE);
  const body = s.body();
  const title = typeof body.title === 'number' ? String(body.title) : body.title;
  if (typeof title !== 'string' || title === '') throw validationFailed(s.op.docs, [invalid('title', 'missing_field')]);
  const author = actingUser(s.state, s.actor);
  if (!author) throw forbidden(s.actor, s.op.docs);
  const labels = labelNames(body.labels, s) ?? [];
  const now = s.state.nowIso();
  const issue: Issue = {
    id: s.state.allocIssueId(),
    number: repo.nextNumber++,
    title,
    body: typeof body.body === 'string' ? body.body : null,
    state: 'open',
    stateReason: null,
    // GitHub's note: "Only users with push access can set labels for new issues. Labels are silently dropped otherwise."
    labels: canLabel(s, repo) ? applyLabels(s.state, repo, labels) : [],
    authorLogin: author.login,
    closedBy: null,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  repo.issues.push(issue);
  s.json(201, issueJson(s.ctx, repo, issue), { location: `${repoApiUrl(s.ctx, repo)}/issues/${issue.number}` });
}

type Entry = { kind: 'issue'; item: Issue } | { kind: 'pull'; item: PullRequest };

function entries(repo: Repo): Entry[] {
  return [
    ...repo.issues.map((item) => ({ kind: 'issue' as const, item })),
    ...repo.pulls.map((item) => ({ kind: 'pull' as const, item })),
  ];
}

function entryJson(s: Scope, repo: Repo, e: Entry): Record<string, unknown> {
  return e.kind === 'issue' ? issueJson(s.ctx, repo, e.item) : pullAsIssueJson(s.ctx, repo, e.item);
}

/** `GET /repos/{o}/{r}/issues`: issues and pull requests, as GitHub lists them, filtered by state, labels and creator. */
function listIssues(s: Scope): void {
  const repo = issuesRepo(s, READ);
  const state = s.query('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(state)) throw validationFailed(s.op.docs, [invalid('state')]);
  const wanted = (s.query('labels') ?? '')
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l !== '');
  const creator = s.query('creator')?.toLowerCase();
  const since = s.query('since');
  let list = entries(repo).filter(
    (e) =>
      (state === 'all' || e.item.state === state) &&
      // Pull requests carry no labels in the emulator, so a label filter leaves only issues.
      wanted.every((l) => e.kind === 'issue' && e.item.labels.includes(l)) &&
      (creator === undefined || e.item.authorLogin.toLowerCase() === creator) &&
      (since === undefined || e.item.updatedAt >= since),
  );
  const sort = s.query('sort') ?? 'created';
  const direction = s.query('direction') ?? 'desc';
  const key = (e: Entry) => (sort === 'updated' ? e.item.updatedAt : e.item.createdAt);
  list = list.sort(
    (a, b) =>
      (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.item.number - b.item.number) * (direction === 'asc' ? 1 : -1),
  );
  s.json(
    200,
    s.paginate(list).map((e) => entryJson(s, repo, e)),
  );
}

function findEntry(s: Scope, repo: Repo): Entry {
  const n = Number(s.param('number'));
  const issue = repo.issues.find((i) => i.number === n);
  if (issue) return { kind: 'issue', item: issue };
  const pull = repo.pulls.find((p) => p.number === n);
  if (pull) return { kind: 'pull', item: pull };
  throw s.notFound();
}

function updateIssue(s: Scope): void {
  const repo = issuesRepo(s, WRITE);
  const entry = findEntry(s, repo);
  const actor = actingUser(s.state, s.actor);
  const isAuthor = actor?.login.toLowerCase() === entry.item.authorLogin.toLowerCase();
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
  if (
    body.state_reason !== undefined &&
    body.state_reason !== null &&
    !STATE_REASONS.includes(body.state_reason as (typeof STATE_REASONS)[number])
  ) {
    throw validationFailed(s.op.docs, [invalid('state_reason')]);
  }
  if (body.title !== undefined && (typeof body.title !== 'string' || body.title === ''))
    throw validationFailed(s.op.docs, [invalid('title')]);
  const labels = labelNames(body.labels, s);
  const sender = actor?.login ?? repo.ownerLogin;
  const now = s.state.nowIso();
  if (entry.kind === 'pull') {
    const pr = entry.item;
    if (typeof body.title === 'string') pr.title = body.title;
    if (typeof body.body === 'string' || body.body === null) pr.body = body.body;
    pr.updatedAt = now;
    if (body.state === 'closed') closePull(s.ctx, repo, pr, sender);
    if (body.state === 'open' && pr.state === 'closed' && pr.mergedAt === null) reopenPull(s.ctx, repo, pr, sender);
    return s.json(200, pullAsIssueJson(s.ctx, repo, pr));
  }
  const issue = entry.item;
  const wasState = issue.state;
  if (typeof body.title === 'string') issue.title = body.title;
  if (typeof body.body === 'string' || body.body === null) issue.body = body.body;
  if (labels !== undefined && canLabel(s, repo)) issue.labels = applyLabels(s.state, repo, labels);
  if (body.state === 'closed' && wasState === 'open') {
    issue.state = 'closed';
    issue.closedAt = now;
    issue.closedBy = sender;
    issue.stateReason = body.state_reason === 'not_planned' ? 'not_planned' : 'completed';
  } else if (body.state === 'open' && wasState === 'closed') {
    issue.state = 'open';
    issue.closedAt = null;
    issue.closedBy = null;
    issue.stateReason = 'reopened';
  }
  issue.updatedAt = now;
  s.json(200, issueJson(s.ctx, repo, issue));
}

export function issueRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const op = (docs: string, permissions: string) => ({ docs, scopes: 'repo', permissions });
  router.post('/repos/:owner/:repo/issues', (req, res) =>
    createIssue(scope(ctx, req, res, op(DOCS.create, 'issues=write'))),
  );
  router.get('/repos/:owner/:repo/issues', (req, res) =>
    listIssues(scope(ctx, req, res, op(DOCS.list, 'issues=read'))),
  );
  router.get('/repos/:owner/:repo/issues/:number', (req, res) => {
    const s = scope(ctx, req, res, op(DOCS.get, 'issues=read'));
    const repo = issuesRepo(s, READ);
    s.json(200, entryJson(s, repo, findEntry(s, repo)));
  });
  router.patch('/repos/:owner/:repo/issues/:number', (req, res) =>
    updateIssue(scope(ctx, req, res, op(DOCS.update, 'issues=write'))),
  );
  return router;
}
