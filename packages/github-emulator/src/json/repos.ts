import { rolePermissions } from '../auth/permissions.js';
import type { EmulatorContext } from '../context.js';
import type { Actor, Repo } from '../model.js';
import { accountRef, nodeId, simpleUser } from './users.js';

export function repoApiUrl(ctx: EmulatorContext, repo: Repo): string {
  return `${ctx.url}/repos/${repo.ownerLogin}/${repo.name}`;
}

export function repoHtmlUrl(ctx: EmulatorContext, repo: Repo): string {
  return `${ctx.htmlUrl}/${repo.ownerLogin}/${repo.name}`;
}

/** `repository` / `minimal-repository`: what listings, PR heads and installations show. */
export function repositoryJson(ctx: EmulatorContext, repo: Repo, actor?: Actor): Record<string, unknown> {
  const api = repoApiUrl(ctx, repo);
  const html = repoHtmlUrl(ctx, repo);
  const host = new URL(ctx.htmlUrl).host;
  // GitHub counts open issues and open pull requests together.
  const openPulls =
    repo.pulls.filter((p) => p.state === 'open').length + repo.issues.filter((i) => i.state === 'open').length;
  const body: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.ownerLogin}/${repo.name}`,
    private: repo.private,
    owner: simpleUser(ctx, accountRef(ctx, repo.ownerLogin)),
    html_url: html,
    description: repo.description,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${repo.ownerLogin}/${repo.name}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${repo.ownerLogin}/${repo.name}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: openPulls,
    is_template: false,
    topics: [],
    has_issues: repo.hasIssues,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    forks: 0,
    open_issues: openPulls,
    watchers: 0,
  };
  const permissions = actor ? rolePermissions(ctx.state, actor, repo) : undefined;
  if (permissions) body.permissions = permissions;
  return body;
}

/** `full-repository`: `GET /repos/{owner}/{repo}`. */
export function fullRepositoryJson(ctx: EmulatorContext, repo: Repo, actor: Actor): Record<string, unknown> {
  const body = {
    ...repositoryJson(ctx, repo, actor),
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_update_branch: false,
    network_count: 0,
    subscribers_count: 0,
  } as Record<string, unknown>;
  const org = ctx.state.org(repo.ownerLogin);
  if (org) body.organization = simpleUser(ctx, { login: org.login, id: org.id, type: 'Organization' });
  return body;
}
