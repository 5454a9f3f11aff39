import type { EmulatorContext } from '../context.js';
import type { User } from '../model.js';

export interface AccountRef {
  login: string;
  id: number;
  type: 'User' | 'Organization' | 'Bot';
}

/** GitHub's legacy global node id (`base64("04:User1")`); clients treat it as opaque. */
export function nodeId(kind: string, id: number | string): string {
  const prefix =
    {
      User: '04',
      Organization: '012',
      Bot: '03',
      Repository: '010',
      PullRequest: '011',
      Commit: '06',
      Ref: '03',
      Tree: '04',
      Blob: '04',
      Tag: '03',
      Installation: '026',
      App: '03',
    }[kind] ?? '00';
  return Buffer.from(`${prefix}:${kind}${id}`).toString('base64');
}

export function accountRef(ctx: EmulatorContext, login: string): AccountRef {
  const org = ctx.state.org(login);
  if (org) return { login: org.login, id: org.id, type: 'Organization' };
  const user = ctx.state.user(login);
  if (user) return { login: user.login, id: user.id, type: user.type };
  return { login, id: 0, type: 'User' };
}

export function userRef(user: User): AccountRef {
  return { login: user.login, id: user.id, type: user.type };
}

/** `simple-user` */
export function simpleUser(ctx: EmulatorContext, a: AccountRef): Record<string, unknown> {
  const api = `${ctx.url}/users/${encodeURIComponent(a.login)}`;
  return {
    login: a.login,
    id: a.id,
    node_id: nodeId(a.type, a.id),
    avatar_url: `${ctx.url}/_emulator/avatars/${a.id}`,
    gravatar_id: '',
    url: api,
    html_url: `${ctx.htmlUrl}/${encodeURIComponent(a.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: a.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `public-user`, or `private-user` when the caller is that user. */
export function fullUser(ctx: EmulatorContext, a: AccountRef, self: boolean): Record<string, unknown> {
  const user = a.type === 'Organization' ? undefined : ctx.state.user(a.login);
  const created = user?.createdAt ?? ctx.state.org(a.login)?.createdAt ?? ctx.state.nowIso();
  const repos = ctx.state.reposOf(a.login);
  const body: Record<string, unknown> = {
    ...simpleUser(ctx, a),
    name: user?.name ?? null,
    company: null,
    blog: '',
    location: null,
    email: user?.email ?? null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: repos.filter((r) => !r.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: created,
    updated_at: created,
  };
  if (!self) return body;
  const privateRepos = repos.filter((r) => r.private).length;
  return {
    ...body,
    private_gists: 0,
    total_private_repos: privateRepos,
    owned_private_repos: privateRepos,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976562499, collaborators: 0, private_repos: 10000 },
  };
}
