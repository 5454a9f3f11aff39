import { Router } from 'express';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { scope, type Scope } from '../http/scope.js';
import { appJson, installationJson } from '../json/apps.js';
import { repositoryJson } from '../json/repos.js';
import type { App, InstallationToken, Permissions } from '../model.js';
import { fullNameKey, levelAtLeast } from '../model.js';
import { isoSeconds } from '../state.js';
import { mintStatelessInstallationToken, mintToken, tokenLabel } from '../token-format.js';

const DOCS = {
  app: 'https://docs.github.com/rest/apps/apps#get-the-authenticated-app',
  list: 'https://docs.github.com/rest/apps/apps#list-installations-for-the-authenticated-app',
  get: 'https://docs.github.com/rest/apps/apps#get-an-installation-for-the-authenticated-app',
  token: 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app',
  repo: 'https://docs.github.com/rest/apps/apps#get-a-repository-installation-for-the-authenticated-app',
  org: 'https://docs.github.com/rest/apps/apps#get-an-organization-installation-for-the-authenticated-app',
  user: 'https://docs.github.com/rest/apps/apps#get-a-user-installation-for-the-authenticated-app',
  repos: 'https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation',
};
const HOUR_MS = 3_600_000;

/** JWT-only endpoints: [I] any other credential is answered as an undecodable JWT. */
function requireApp(s: Scope): App {
  const actor = s.actor;
  if (actor.kind !== 'app') throw new ApiError(401, 'A JSON web token could not be decoded', { docs: s.op.docs });
  return actor.app;
}

function mintInstallationToken(s: Scope): void {
  const app = requireApp(s);
  const inst = s.state.installations.get(Number(s.param('id')));
  if (!inst || inst.appId !== app.id) throw s.notFound();
  const body = s.body();
  const reposMessage =
    'There is at least one repository that does not exist or is not accessible to the parent installation.';
  const covered = s.state.installationRepos(inst);
  let selection: 'all' | string[] = 'all';
  if (Array.isArray(body.repositories) || Array.isArray(body.repository_ids)) {
    const names = Array.isArray(body.repositories)
      ? body.repositories.map((n) => fullNameKey(inst.accountLogin, String(n)))
      : [];
    const ids = Array.isArray(body.repository_ids) ? body.repository_ids.map(Number) : [];
    if (names.length + ids.length > 500)
      throw s.fail(422, 'The maximum number of repositories that can be requested is 500.');
    const byId = ids.map((id) => covered.find((r) => r.id === id));
    const byName = names.map((n) => covered.find((r) => fullNameKey(r.ownerLogin, r.name) === n));
    if ([...byId, ...byName].some((r) => r === undefined)) throw s.fail(422, reposMessage);
    selection = [...new Set([...byId, ...byName].map((r) => fullNameKey(r?.ownerLogin ?? '', r?.name ?? '')))];
  }
  let permissions: Permissions = inst.permissions;
  if (body.permissions !== undefined) {
    if (typeof body.permissions !== 'object' || body.permissions === null)
      throw s.fail(422, 'The permissions requested are not granted to this installation.');
    const requested = body.permissions as Record<string, unknown>;
    const ok = Object.entries(requested).every(
      ([k, v]) => (v === 'read' || v === 'write' || v === 'admin') && levelAtLeast(inst.permissions[k], v),
    );
    if (!ok) throw s.fail(422, 'The permissions requested are not granted to this installation.');
    permissions = requested as Permissions;
  }
  const stateless = String(s.req.headers['x-github-stateless-s2s-token'] ?? 'enabled').toLowerCase() !== 'disabled';
  const raw = stateless ? mintStatelessInstallationToken(app.id) : mintToken('ghs_');
  const now = s.state.now();
  const token: InstallationToken = {
    kind: 'installation',
    token: raw,
    label: tokenLabel(raw),
    createdAt: now,
    expiresAt: now + HOUR_MS,
    revoked: false,
    installationId: inst.id,
    appId: app.id,
    repositories: selection,
    permissions,
  };
  s.state.tokens.set(raw, token);
  const repositorySelection = selection === 'all' ? (inst.repositories === 'all' ? 'all' : 'selected') : 'selected';
  const result: Record<string, unknown> = {
    token: raw,
    expires_at: isoSeconds(now + HOUR_MS),
    permissions,
    repository_selection: repositorySelection,
  };
  if (selection !== 'all')
    result.repositories = s.state.installationRepos(inst, selection).map((r) => repositoryJson(s.ctx, r));
  s.json(201, result);
}

function installationOf(s: Scope, login: string): void {
  const app = requireApp(s);
  const inst = s.state.installationFor(app.id, login);
  if (!inst) throw s.notFound();
  s.json(200, installationJson(s.ctx, inst));
}

export function appRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/app', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.app });
    s.json(200, appJson(ctx, requireApp(s)));
  });
  router.get('/app/installations', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.list });
    const app = requireApp(s);
    const all = [...ctx.state.installations.values()].filter((i) => i.appId === app.id).sort((a, b) => a.id - b.id);
    s.json(
      200,
      s.paginate(all).map((i) => installationJson(ctx, i)),
    );
  });
  router.get('/app/installations/:id', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.get });
    const app = requireApp(s);
    const inst = ctx.state.installations.get(Number(s.param('id')));
    if (!inst || inst.appId !== app.id) throw s.notFound();
    s.json(200, installationJson(ctx, inst));
  });
  router.post('/app/installations/:id/access_tokens', (req, res) =>
    mintInstallationToken(scope(ctx, req, res, { docs: DOCS.token })),
  );
  router.get('/repos/:owner/:repo/installation', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.repo });
    const app = requireApp(s);
    const repo = ctx.state.repo(s.param('owner'), s.param('repo'));
    const inst = repo ? ctx.state.installationFor(app.id, repo.ownerLogin) : undefined;
    if (!repo || !inst || !ctx.state.selectionCovers(inst.repositories, inst.accountLogin, repo)) throw s.notFound();
    s.json(200, installationJson(ctx, inst));
  });
  router.get('/orgs/:org/installation', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.org });
    installationOf(s, ctx.state.org(s.param('org'))?.login ?? '\0');
  });
  router.get('/users/:login/installation', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.user });
    installationOf(s, ctx.state.users.get(s.param('login').toLowerCase())?.login ?? '\0');
  });
  router.get('/installation/repositories', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.repos, permissions: 'metadata=read' });
    const actor = s.actor;
    if (actor.kind !== 'installation') {
      throw s.fail(
        403,
        'You must authenticate with an installation access token in order to list repositories for an installation.',
      );
    }
    const repos = ctx.state.installationRepos(actor.installation, actor.token.repositories).sort((a, b) => a.id - b.id);
    const selection =
      actor.token.repositories === 'all' && actor.installation.repositories === 'all' ? 'all' : 'selected';
    s.json(200, {
      total_count: repos.length,
      repository_selection: selection,
      repositories: s.paginate(repos).map((r) => repositoryJson(ctx, r, actor)),
    });
  });
  return router;
}
