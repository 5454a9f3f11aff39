import type { EmulatorContext } from '../context.js';
import type { Issue, Label, PullRequest, Repo } from '../model.js';
import { repoApiUrl, repoHtmlUrl } from './repos.js';
import { accountRef, nodeId, simpleUser } from './users.js';

/** `label` */
export function labelJson(ctx: EmulatorContext, repo: Repo, label: Label): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${repoApiUrl(ctx, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

function association(ctx: EmulatorContext, repo: Repo, login: string): string {
  if (repo.ownerLogin.toLowerCase() === login.toLowerCase()) return 'OWNER';
  if (ctx.state.org(repo.ownerLogin)?.members.has(login.toLowerCase())) return 'MEMBER';
  if (repo.collaborators.has(login.toLowerCase())) return 'COLLABORATOR';
  return 'NONE';
}

interface IssueLike {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  authorLogin: string;
  closedBy: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

function base(ctx: EmulatorContext, repo: Repo, it: IssueLike): Record<string, unknown> {
  const api = repoApiUrl(ctx, repo);
  const self = `${api}/issues/${it.number}`;
  const labels = it.labels.map((name) => repo.labels.get(name)).filter((l): l is Label => l !== undefined);
  return {
    id: it.id,
    node_id: nodeId('Issue', it.id),
    url: self,
    repository_url: api,
    labels_url: `${self}/labels{/name}`,
    comments_url: `${self}/comments`,
    events_url: `${self}/events`,
    html_url: `${repoHtmlUrl(ctx, repo)}/issues/${it.number}`,
    number: it.number,
    state: it.state,
    state_reason: it.stateReason,
    title: it.title,
    body: it.body,
    user: simpleUser(ctx, accountRef(ctx, it.authorLogin)),
    labels: labels.map((l) => labelJson(ctx, repo, l)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    closed_at: it.closedAt,
    created_at: it.createdAt,
    updated_at: it.updatedAt,
    closed_by: it.closedBy ? simpleUser(ctx, accountRef(ctx, it.closedBy)) : null,
    author_association: association(ctx, repo, it.authorLogin),
    timeline_url: `${self}/timeline`,
  };
}

/** `issue` */
export function issueJson(ctx: EmulatorContext, repo: Repo, issue: Issue): Record<string, unknown> {
  return base(ctx, repo, issue);
}

/** A pull request as the issues endpoints show it: an issue with a `pull_request` member (and its html_url). */
export function pullAsIssueJson(ctx: EmulatorContext, repo: Repo, pr: PullRequest): Record<string, unknown> {
  const html = `${repoHtmlUrl(ctx, repo)}/pull/${pr.number}`;
  // [I] who closed an unmerged pull request is not recorded by the emulator.
  const state: IssueLike = { ...pr, stateReason: null, labels: [], closedBy: pr.mergedBy };
  return {
    ...base(ctx, repo, state),
    html_url: html,
    draft: pr.draft,
    pull_request: {
      url: `${repoApiUrl(ctx, repo)}/pulls/${pr.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: pr.mergedAt,
    },
  };
}
