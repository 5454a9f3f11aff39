import type { GraphQLFieldResolver, GraphQLTypeResolver } from 'graphql';
import { unimplemented } from './graphql-errors.js';
import type { RequestScope, Resolver, TypeResolvers } from './nodes.js';
import { createCommitOnBranchPayloadResolvers, mutationResolvers } from './resolvers/create-commit-on-branch.js';
import { connectionResolvers, edgeResolvers, pageInfoResolvers } from './resolvers/connection.js';
import {
  blobResolvers,
  commitResolvers,
  gpgSignatureResolvers,
  refResolvers,
  tagResolvers,
  treeEntryResolvers,
  treeResolvers,
} from './resolvers/git-objects.js';
import { issueResolvers, labelResolvers } from './resolvers/issues.js';
import { pullRequestResolvers } from './resolvers/pull-requests.js';
import { queryResolvers, rateLimitResolvers, userResolvers } from './resolvers/query.js';
import { repositoryResolvers } from './resolvers/repository.js';

/** Every implemented field, by schema type. Whatever is missing here fails as unimplemented. */
const RESOLVERS: Record<string, TypeResolvers<never>> = {
  Query: queryResolvers,
  Mutation: mutationResolvers,
  CreateCommitOnBranchPayload: createCommitOnBranchPayloadResolvers,
  Repository: repositoryResolvers,
  Ref: refResolvers,
  Commit: commitResolvers,
  GpgSignature: gpgSignatureResolvers,
  Tree: treeResolvers,
  TreeEntry: treeEntryResolvers,
  Blob: blobResolvers,
  Tag: tagResolvers,
  PullRequest: pullRequestResolvers,
  PullRequestConnection: connectionResolvers,
  PullRequestEdge: edgeResolvers,
  Issue: issueResolvers,
  IssueConnection: connectionResolvers,
  IssueEdge: edgeResolvers,
  Label: labelResolvers,
  LabelConnection: connectionResolvers,
  LabelEdge: edgeResolvers,
  CommitConnection: connectionResolvers,
  CommitEdge: edgeResolvers,
  PageInfo: pageInfoResolvers,
  User: userResolvers,
  RateLimit: rateLimitResolvers,
};

/**
 * The one resolver `execute` calls for every field (GitHub's schema carries none of its own, and
 * stays shared and untouched): dispatch on `Type.field`, and fail loudly for the rest of the
 * schema, other mutations included. Introspection (`__typename`, `__schema`) is graphql-js's own.
 */
export const fieldResolver: GraphQLFieldResolver<unknown, RequestScope, Record<string, unknown>> = (
  source,
  args,
  scope,
  info,
) => {
  const resolve = RESOLVERS[info.parentType.name]?.[info.fieldName] as Resolver<unknown> | undefined;
  if (!resolve) throw unimplemented(`${info.parentType.name}.${info.fieldName}`);
  return resolve(source, args, scope, info);
};

/** Interfaces and unions (e.g. GitObject → Commit/Tree/Blob/Tag): sources name their concrete type. */
export const typeResolver: GraphQLTypeResolver<unknown, RequestScope> = (value, _scope, info, abstractType) => {
  const name = (value as { __typename?: unknown } | null)?.__typename;
  if (typeof name === 'string') return name;
  throw unimplemented(`${abstractType.name} values at ${info.fieldName}`);
};
