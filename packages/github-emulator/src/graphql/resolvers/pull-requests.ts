import { pullShas } from '../../json/pulls.js';
import { repoHtmlUrl } from '../../json/repos.js';
import { nodeId } from '../../json/users.js';
import type { PullRequest, Repo } from '../../model.js';
import type { PullNode, RepoNode, RequestScope, TypeResolvers } from '../nodes.js';
import { stringArg } from '../nodes.js';
import { requireRead } from '../repository-access.js';
import { connection } from './connection.js';

function stateOf(pr: PullRequest): 'OPEN' | 'CLOSED' | 'MERGED' {
  if (pr.state === 'open') return 'OPEN';
  return pr.mergedAt !== null ? 'MERGED' : 'CLOSED';
}

interface IssueOrder {
  field: 'CREATED_AT' | 'UPDATED_AT' | 'COMMENTS';
  direction: 'ASC' | 'DESC';
}

/** [I] Without `orderBy`, oldest first (creation order), as GitHub lists a repository's pull requests. */
function ordered(pulls: PullRequest[], order: IssueOrder | undefined): PullRequest[] {
  const key = (pr: PullRequest) =>
    order?.field === 'UPDATED_AT' ? pr.updatedAt : order?.field === 'COMMENTS' ? '' : pr.createdAt;
  const sign = order?.direction === 'DESC' ? -1 : 1;
  return [...pulls].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number) * sign);
}

/** `Repository.pullRequests(headRefName:, baseRefName:, states:, labels:, orderBy:, first:…)`. */
export function repositoryPullRequests(node: RepoNode, args: Record<string, unknown>, scope: RequestScope) {
  const { repo } = node;
  requireRead(scope, repo, 'pull_requests');
  const head = stringArg(args, 'headRefName');
  const base = stringArg(args, 'baseRefName');
  const states = Array.isArray(args.states) ? (args.states as string[]) : null;
  const labels = Array.isArray(args.labels) ? (args.labels as string[]) : [];
  const matching = repo.pulls.filter(
    (pr) =>
      (head === undefined || pr.headRef === head) &&
      (base === undefined || pr.baseRef === base) &&
      (states === null || states.includes(stateOf(pr))) &&
      // The emulator's pull requests carry no labels, so a label filter matches none.
      labels.length === 0,
  );
  const nodes: PullNode[] = ordered(matching, args.orderBy as IssueOrder | undefined).map((pr) => ({ repo, pr }));
  return connection(nodes, args, 'pullRequests');
}

function sameRepo(repo: Repo): RepoNode {
  return { repo };
}

export const pullRequestResolvers: TypeResolvers<PullNode> = {
  // Ids match REST's `id` and `node_id`.
  id: ({ pr }) => nodeId('PullRequest', pr.id),
  databaseId: ({ pr }) => pr.id,
  number: ({ pr }) => pr.number,
  title: ({ pr }) => pr.title,
  // Non-null in the schema: a pull request without a description has an empty body.
  body: ({ pr }) => pr.body ?? '',
  url: ({ repo, pr }, _a, scope) => `${repoHtmlUrl(scope.ctx, repo)}/pull/${pr.number}`,
  permalink: ({ repo, pr }, _a, scope) => `${repoHtmlUrl(scope.ctx, repo)}/pull/${pr.number}`,
  isDraft: ({ pr }) => pr.draft,
  state: ({ pr }) => stateOf(pr),
  closed: ({ pr }) => pr.state === 'closed',
  merged: ({ pr }) => pr.mergedAt !== null,
  createdAt: ({ pr }) => pr.createdAt,
  updatedAt: ({ pr }) => pr.updatedAt,
  closedAt: ({ pr }) => pr.closedAt,
  mergedAt: ({ pr }) => pr.mergedAt,
  headRefName: ({ pr }) => pr.headRef,
  headRefOid: ({ repo, pr }) => pullShas(repo, pr).head,
  baseRefName: ({ pr }) => pr.baseRef,
  baseRefOid: ({ repo, pr }) => pullShas(repo, pr).base,
  // The emulator's pull requests are all same-repository ones.
  headRepository: ({ repo }) => sameRepo(repo),
  baseRepository: ({ repo }) => sameRepo(repo),
  repository: ({ repo }) => sameRepo(repo),
};
