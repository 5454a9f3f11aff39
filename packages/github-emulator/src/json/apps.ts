import type { EmulatorContext } from '../context.js';
import type { App, Installation, Repo } from '../model.js';
import { accountRef, nodeId, simpleUser } from './users.js';

/** `integration`: `GET /app`. */
export function appJson(ctx: EmulatorContext, app: App): Record<string, unknown> {
  const installations = [...ctx.state.installations.values()].filter((i) => i.appId === app.id).length;
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId('App', app.id),
    client_id: app.clientId,
    owner: simpleUser(ctx, accountRef(ctx, app.ownerLogin)),
    name: app.name,
    description: null,
    external_url: `${ctx.htmlUrl}/apps/${app.slug}`,
    html_url: `${ctx.htmlUrl}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions,
    events: app.events,
    installations_count: installations,
  };
}

/** `installation` */
export function installationJson(ctx: EmulatorContext, inst: Installation): Record<string, unknown> {
  const app = ctx.state.apps.get(inst.appId);
  const account = accountRef(ctx, inst.accountLogin);
  return {
    id: inst.id,
    client_id: app?.clientId,
    account: simpleUser(ctx, account),
    repository_selection: inst.repositories === 'all' ? 'all' : 'selected',
    access_tokens_url: `${ctx.url}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${ctx.url}/installation/repositories`,
    html_url: `${ctx.htmlUrl}/${account.type === 'Organization' ? `organizations/${account.login}/` : ''}settings/installations/${inst.id}`,
    app_id: inst.appId,
    app_slug: app?.slug ?? '',
    target_id: account.id,
    target_type: account.type,
    permissions: inst.permissions,
    events: inst.events,
    created_at: inst.createdAt,
    updated_at: inst.updatedAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

/** The short repository entries of `installation` webhook payloads. */
export function repoSummary(repo: Repo): Record<string, unknown> {
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.ownerLogin}/${repo.name}`,
    private: repo.private,
  };
}
