import { repoHtmlUrl } from '../../json/repos.js';
import { nodeId } from '../../json/users.js';
import type { Issue, Label, Repo } from '../../model.js';
import type { RepoNode, RequestScope, TypeResolvers } from '../nodes.js';
import { requireRead } from '../repository-access.js';
import { connection } from './connection.js';

export interface IssueNode {
  repo: Repo;
  issue: Issue;
}

export interface LabelNode {
  repo: Repo;
  label: Label;
}

interface IssueFilters {
  createdBy?: string;
  labels?: string[];
  states?: string[];
  since?: string;
}

interface IssueOrder {
  field: 'CREATED_AT' | 'UPDATED_AT' | 'COMMENTS';
  direction: 'ASC' | 'DESC';
}

const stateOf = (issue: Issue) => (issue.state === 'open' ? 'OPEN' : 'CLOSED');

/** `Repository.issues(labels:, states:, filterBy:, orderBy:, first:…)`: issues proper, not pull requests, as on GitHub. */
export function repositoryIssues(node: RepoNode, args: Record<string, unknown>, scope: RequestScope) {
  const { repo } = node;
  requireRead(scope, repo, 'issues');
  const filter = (args.filterBy ?? {}) as IssueFilters;
  const labels = [...(Array.isArray(args.labels) ? (args.labels as string[]) : []), ...(filter.labels ?? [])].map((l) =>
    l.toLowerCase(),
  );
  const states = Array.isArray(args.states) ? (args.states as string[]) : (filter.states ?? null);
  const createdBy = filter.createdBy?.toLowerCase();
  const matching = repo.issues.filter(
    (i) =>
      // [I] `labels` matches an issue carrying any of the names, as GitHub's connection argument does.
      (labels.length === 0 || labels.some((l) => i.labels.includes(l))) &&
      (states === null || states.includes(stateOf(i))) &&
      (createdBy === undefined || i.authorLogin.toLowerCase() === createdBy) &&
      (filter.since === undefined || i.updatedAt >= filter.since),
  );
  const order = args.orderBy as IssueOrder | undefined;
  const key = (i: Issue) =>
    order?.field === 'UPDATED_AT' ? i.updatedAt : order?.field === 'COMMENTS' ? '' : i.createdAt;
  const sign = order?.direction === 'DESC' ? -1 : 1;
  const sorted = [...matching].sort(
    (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number) * sign,
  );
  return connection(
    sorted.map((issue): IssueNode => ({ repo, issue })),
    args,
    'issues',
  );
}

export const issueResolvers: TypeResolvers<IssueNode> = {
  id: ({ issue }) => nodeId('Issue', issue.id),
  databaseId: ({ issue }) => issue.id,
  number: ({ issue }) => issue.number,
  title: ({ issue }) => issue.title,
  body: ({ issue }) => issue.body ?? '',
  url: ({ repo, issue }, _a, scope) => `${repoHtmlUrl(scope.ctx, repo)}/issues/${issue.number}`,
  state: ({ issue }) => stateOf(issue),
  stateReason: ({ issue }) => issue.stateReason?.toUpperCase() ?? null,
  closed: ({ issue }) => issue.state === 'closed',
  createdAt: ({ issue }) => issue.createdAt,
  updatedAt: ({ issue }) => issue.updatedAt,
  closedAt: ({ issue }) => issue.closedAt,
  labels: ({ repo, issue }, args) => {
    const nodes = issue.labels
      .map((key) => repo.labels.get(key))
      .filter((l): l is Label => l !== undefined)
      .map((label): LabelNode => ({ repo, label }));
    return connection(nodes, args, 'labels');
  },
  repository: ({ repo }) => ({ repo }),
};

export const labelResolvers: TypeResolvers<LabelNode> = {
  id: ({ label }) => nodeId('Label', label.id),
  name: ({ label }) => label.name,
  color: ({ label }) => label.color,
  description: ({ label }) => label.description,
  isDefault: () => false,
};
