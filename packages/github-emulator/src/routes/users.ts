import { Router } from 'express';
import { canSee, forbidden } from '../auth/permissions.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { scope, type Scope } from '../http/scope.js';
import { primaryKey } from '../limits/rate-limiter.js';
import type { Repo, UserActor } from '../model.js';
import { repositoryJson } from '../json/repos.js';
import { accountRef, fullUser, userRef } from '../json/users.js';

const DOCS = {
  me: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
  user: 'https://docs.github.com/rest/users/users#get-a-user',
  repos: 'https://docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user',
  rate: 'https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user',
};

/** The caller as a user; installation tokens and App JWTs get GitHub's integration 403. */
export function requireUser(s: Scope): UserActor {
  const actor = s.actor;
  if (actor.kind === 'anonymous') throw new ApiError(401, 'Requires authentication', { docs: s.op.docs });
  if (actor.kind === 'installation' || actor.kind === 'app') throw forbidden(actor, s.op.docs);
  return actor;
}

function affiliated(s: Scope, actor: UserActor, repo: Repo, affiliations: string[]): boolean {
  const login = actor.user.login.toLowerCase();
  if (affiliations.includes('owner') && repo.ownerLogin.toLowerCase() === login) return true;
  if (affiliations.includes('collaborator') && repo.collaborators.has(login)) return true;
  return affiliations.includes('organization_member') && s.state.org(repo.ownerLogin)?.members.has(login) === true;
}

/** [I] docs/github-behaviour.md#permission-checks: a fine-grained PAT lists only repositories it can see (its selection, plus public ones the user has a role on). */
function listRepos(s: Scope): void {
  const actor = requireUser(s);
  const type = s.query('type');
  const visibility = s.query('visibility') ?? 'all';
  const affiliation = s.query('affiliation');
  if (type !== undefined && (s.query('visibility') !== undefined || affiliation !== undefined)) {
    throw s.fail(422, 'Validation Failed', { errors: [{ resource: 'Search', field: 'q', code: 'invalid' }] });
  }
  const affiliations = (
    affiliation ??
    (type === 'owner'
      ? 'owner'
      : type === 'member'
        ? 'collaborator,organization_member'
        : 'owner,collaborator,organization_member')
  ).split(',');
  const repos = [...s.state.repos.values()]
    .filter((r) => s.state.userRole(actor.user.login, r) !== null && canSee(s.state, actor, r))
    .filter((r) => affiliated(s, actor, r, affiliations))
    .filter((r) =>
      visibility === 'public' || type === 'public'
        ? !r.private
        : visibility === 'private' || type === 'private'
          ? r.private
          : true,
    );
  const sort = s.query('sort') ?? 'full_name';
  const direction = s.query('direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
  const key = (r: Repo) =>
    sort === 'full_name' ? `${r.ownerLogin}/${r.name}`.toLowerCase() : sort === 'created' ? r.createdAt : r.pushedAt;
  repos.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id) * (direction === 'asc' ? 1 : -1));
  s.json(
    200,
    s.paginate(repos).map((r) => repositoryJson(s.ctx, r, actor)),
  );
}

export function userRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/user', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.me, scopes: '', permissions: '' });
    const actor = requireUser(s);
    s.json(200, fullUser(ctx, userRef(actor.user), true));
  });
  router.get('/users/:login', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.user, scopes: '', permissions: '' });
    const login = s.param('login');
    if (!ctx.state.account(login)) throw s.notFound();
    s.json(200, fullUser(ctx, accountRef(ctx, login), false));
  });
  router.get('/user/repos', (req, res) =>
    listRepos(scope(ctx, req, res, { docs: DOCS.repos, scopes: '', permissions: 'metadata=read' })),
  );
  router.get('/rate_limit', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.rate });
    const core = ctx.limiter.info(s.actor.rateKey);
    const other = (limit: number) => ({ limit, used: 0, remaining: limit, reset: core.reset });
    const search = other(s.actor.kind === 'anonymous' ? 10 : 30);
    s.json(200, {
      resources: {
        core,
        search,
        graphql: s.actor.kind === 'anonymous' ? other(0) : ctx.limiter.info(primaryKey(s.actor.rateKey, 'graphql')),
        integration_manifest: other(5000),
        source_import: other(100),
        actions_runner_registration: other(10000),
        scim: other(15000),
        dependency_snapshots: other(100),
        code_search: other(10),
      },
      rate: core,
    });
  });
  return router;
}
