import { Router } from 'express';
import { hasScope } from '../auth/permissions.js';
import type { EmulatorContext } from '../context.js';
import { levelAtLeast, type Org, type UserActor } from '../model.js';
import { ApiError } from '../http/api-error.js';
import type { Scope } from '../http/scope.js';
import { scope } from '../http/scope.js';
import { nodeId, simpleUser, userRef } from '../json/users.js';
import { requireUser } from './users.js';

const DOCS = {
  orgs: 'https://docs.github.com/rest/orgs/orgs#list-organizations-for-the-authenticated-user',
  memberships: 'https://docs.github.com/rest/orgs/members#list-organization-memberships-for-the-authenticated-user',
};

/** `organization-simple` */
function orgSimple(ctx: EmulatorContext, org: Org): Record<string, unknown> {
  const api = `${ctx.url}/orgs/${encodeURIComponent(org.login)}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId('Organization', org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${ctx.url}/_emulator/avatars/${org.id}`,
    description: null,
  };
}

/**
 * The organizations the caller may see as its own. Classic tokens need `read:org` or `user` (else 403, as GitHub
 * documents; [I] the wording). [I] A GitHub App's user token (the emulator's sign-in tokens: OAuth tokens minted for an App)
 * sees only organizations where that App is installed, as reported for real App user tokens.
 */
function memberOrgs(s: Scope, actor: UserActor, docs: string, appNeeds: 'none' | 'members'): Org[] {
  const login = actor.user.login.toLowerCase();
  const orgs = [...s.state.orgs.values()].filter((o) => o.members.has(login));
  if (actor.kind === 'classic' && !(hasScope(actor.token.scopes, 'read:org') || hasScope(actor.token.scopes, 'user'))) {
    throw s.fail(403, 'You need at least read:org scope or user scope to list your organizations.', { docs });
  }
  if (actor.kind !== 'oauth') return orgs;
  const app = s.state.apps.get(actor.token.appId);
  if (!app) return orgs;
  if (appNeeds === 'members' && !levelAtLeast(app.permissions.members, 'read'))
    throw new ApiError(403, 'Resource not accessible by integration', { docs });
  return orgs.filter((o) => s.state.installationFor(app.id, o.login) !== undefined);
}

export function userOrgRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/user/orgs', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.orgs, scopes: 'read:org, user', permissions: '' });
    const actor = requireUser(s);
    const orgs = memberOrgs(s, actor, DOCS.orgs, 'none').sort((a, b) => a.id - b.id);
    s.json(
      200,
      s.paginate(orgs).map((o) => orgSimple(ctx, o)),
    );
  });
  router.get('/user/memberships/orgs', (req, res) => {
    const s = scope(ctx, req, res, { docs: DOCS.memberships, scopes: 'read:org, user', permissions: 'members=read' });
    const actor = requireUser(s);
    const wanted = s.query('state');
    if (wanted !== undefined && wanted !== 'active' && wanted !== 'pending') {
      throw s.fail(422, 'Validation Failed', { errors: [{ resource: 'Membership', field: 'state', code: 'invalid' }] });
    }
    // [I] The emulator has no pending invitations: every membership is active.
    const orgs =
      wanted === 'pending' ? [] : memberOrgs(s, actor, DOCS.memberships, 'members').sort((a, b) => a.id - b.id);
    const login = actor.user.login.toLowerCase();
    s.json(
      200,
      s.paginate(orgs).map((o) => ({
        url: `${ctx.url}/orgs/${encodeURIComponent(o.login)}/memberships/${encodeURIComponent(actor.user.login)}`,
        state: 'active',
        role: o.members.get(login)?.role === 'admin' ? 'admin' : 'member',
        organization_url: `${ctx.url}/orgs/${encodeURIComponent(o.login)}`,
        organization: orgSimple(ctx, o),
        user: simpleUser(ctx, userRef(actor.user)),
      })),
    );
  });
  return router;
}
