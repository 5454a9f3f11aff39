import { repoHtmlUrl } from '../../json/repos.js';
import { nodeId } from '../../json/users.js';
import { branchRef, findRef, objectByExpression, objectByOid } from '../object-lookup.js';
import { stringArg, type RepoNode, type TypeResolvers } from '../nodes.js';
import { requireRead, viewerPermission } from '../repository-access.js';
import { repositoryIssues } from './issues.js';
import { repositoryPullRequests } from './pull-requests.js';

export const repositoryResolvers: TypeResolvers<RepoNode> = {
  // Ids match REST's `id` and `node_id`.
  id: ({ repo }) => nodeId('Repository', repo.id),
  databaseId: ({ repo }) => repo.id,
  name: ({ repo }) => repo.name,
  nameWithOwner: ({ repo }) => `${repo.ownerLogin}/${repo.name}`,
  description: ({ repo }) => repo.description,
  url: ({ repo }, _a, scope) => repoHtmlUrl(scope.ctx, repo),
  isPrivate: ({ repo }) => repo.private,
  isArchived: ({ repo }) => repo.archived,
  // The emulator does not model forks.
  isFork: () => false,
  isEmpty: ({ repo }) => repo.branches.size === 0 && repo.tags.size === 0,
  visibility: ({ repo }) => (repo.private ? 'PRIVATE' : 'PUBLIC'),
  viewerPermission: ({ repo }, _a, scope) => viewerPermission(scope, repo),
  // Null for an empty repository, whose default branch does not exist yet.
  defaultBranchRef: ({ repo }) => branchRef(repo, repo.defaultBranch),
  ref: ({ repo }, args) => findRef(repo, stringArg(args, 'qualifiedName') ?? ''),
  object: ({ repo }, args, scope) => {
    requireRead(scope, repo, 'contents');
    // [I] With both arguments, `oid` wins; with neither, nothing is named, so null.
    const oid = stringArg(args, 'oid');
    if (oid !== undefined) return objectByOid(repo, oid);
    const expression = stringArg(args, 'expression');
    return expression === undefined ? null : objectByExpression(repo, expression);
  },
  pullRequests: (node, args, scope) => repositoryPullRequests(node, args, scope),
  hasIssuesEnabled: ({ repo }) => repo.hasIssues,
  issues: (node, args, scope) => repositoryIssues(node, args, scope),
};
