import type { EmulatorContext } from '../context.js';
import type { PullRequest, Repo } from '../model.js';
import { diffTrees } from './git.js';
import { repoApiUrl, repoHtmlUrl, repositoryJson } from './repos.js';
import { accountRef, nodeId, simpleUser } from './users.js';

/** Current head/base commits: live branch positions while open, frozen once closed. */
export function pullShas(repo: Repo, pr: PullRequest): { head: string; base: string } {
  if (pr.state === 'closed') return { head: pr.frozenHeadSha ?? '', base: pr.frozenBaseSha ?? '' };
  return {
    head: repo.branches.get(pr.headRef) ?? pr.frozenHeadSha ?? '',
    base: repo.branches.get(pr.baseRef) ?? pr.frozenBaseSha ?? '',
  };
}

/** Commits reachable from head but not from base. */
export function commitsBetween(repo: Repo, base: string, head: string): string[] {
  const inBase = new Set<string>();
  const stack = [base];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (inBase.has(sha)) continue;
    inBase.add(sha);
    stack.push(...(repo.store.commit(sha)?.parents ?? []));
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = [head];
  while (walk.length > 0) {
    const sha = walk.pop() as string;
    if (inBase.has(sha) || seen.has(sha)) continue;
    seen.add(sha);
    out.push(sha);
    walk.push(...(repo.store.commit(sha)?.parents ?? []));
  }
  return out;
}

function association(ctx: EmulatorContext, repo: Repo, login: string): string {
  if (repo.ownerLogin.toLowerCase() === login.toLowerCase()) return 'OWNER';
  if (ctx.state.org(repo.ownerLogin)?.members.has(login.toLowerCase())) return 'MEMBER';
  if (repo.collaborators.has(login.toLowerCase())) return 'COLLABORATOR';
  return 'CONTRIBUTOR';
}

function side(ctx: EmulatorContext, repo: Repo, ref: string, sha: string): Record<string, unknown> {
  const owner = accountRef(ctx, repo.ownerLogin);
  return {
    label: `${repo.ownerLogin}:${ref}`,
    ref,
    sha,
    user: simpleUser(ctx, owner),
    repo: repositoryJson(ctx, repo),
  };
}

/** `pull-request` (the full object; listings use the same shape, which is a superset of theirs). */
export function pullJson(ctx: EmulatorContext, repo: Repo, pr: PullRequest): Record<string, unknown> {
  const api = repoApiUrl(ctx, repo);
  const html = `${repoHtmlUrl(ctx, repo)}/pull/${pr.number}`;
  const { head, base } = pullShas(repo, pr);
  const diff = diffTrees(repo, repo.store.commit(base)?.tree, repo.store.commit(head)?.tree);
  const self = `${api}/pulls/${pr.number}`;
  const href = (url: string) => ({ href: url });
  return {
    url: self,
    id: pr.id,
    node_id: nodeId('PullRequest', pr.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${head}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: simpleUser(ctx, accountRef(ctx, pr.authorLogin)),
    body: pr.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(ctx, repo, pr.headRef, head),
    base: side(ctx, repo, pr.baseRef, base),
    _links: {
      self: href(self),
      html: href(html),
      issue: href(`${api}/issues/${pr.number}`),
      comments: href(`${api}/issues/${pr.number}/comments`),
      review_comments: href(`${self}/comments`),
      review_comment: href(`${api}/pulls/comments{/number}`),
      commits: href(`${self}/commits`),
      statuses: href(`${api}/statuses/${head}`),
    },
    author_association: association(ctx, repo, pr.authorLogin),
    auto_merge: null,
    draft: pr.draft,
    merged: pr.mergedAt !== null,
    mergeable: pr.state === 'open' ? true : null,
    rebaseable: pr.state === 'open' ? true : null,
    mergeable_state: pr.state === 'open' ? (pr.draft ? 'draft' : 'clean') : 'unknown',
    merged_by: pr.mergedBy ? simpleUser(ctx, accountRef(ctx, pr.mergedBy)) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: commitsBetween(repo, base, head).length,
    additions: diff.reduce((n, d) => n + d.additions, 0),
    deletions: diff.reduce((n, d) => n + d.deletions, 0),
    changed_files: diff.length,
  };
}
