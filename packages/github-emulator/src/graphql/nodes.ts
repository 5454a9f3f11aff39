import type { GraphQLResolveInfo } from 'graphql';
import type { EmulatorContext } from '../context.js';
import type { TreeEntry } from '../git/object-id.js';
import type { Actor, PullRequest, Repo, User } from '../model.js';

/** The caller GraphQL serves: anonymous callers and App JWTs are refused before execution. */
export type GraphQLActor = Exclude<Actor, { kind: 'anonymous' } | { kind: 'app' }>;

/** Per-request context handed to every resolver. */
export interface RequestScope {
  ctx: EmulatorContext;
  actor: GraphQLActor;
  requestId: string;
}

export interface RepoNode {
  repo: Repo;
}

export type GitObjectTypeName = 'Commit' | 'Tree' | 'Blob' | 'Tag';

/** A git object of a repository; `path` is where a tree or blob was reached from (null when looked up by oid). */
export interface GitObjectNode {
  __typename: GitObjectTypeName;
  repo: Repo;
  oid: string;
  path: string | null;
}

export interface RefNode {
  repo: Repo;
  /** short name, e.g. `main` */
  name: string;
  /** `refs/heads/` or `refs/tags/` */
  prefix: string;
  /** the object the ref names (a commit, or an annotated tag object) */
  oid: string;
}

export interface TreeEntryNode {
  repo: Repo;
  entry: TreeEntry;
  path: string;
}

export interface PullNode {
  repo: Repo;
  pr: PullRequest;
}

export interface UserNode {
  user: User;
}

export type Resolver<S> = (
  source: S,
  args: Record<string, unknown>,
  scope: RequestScope,
  info: GraphQLResolveInfo,
) => unknown;

/** The implemented fields of one schema type, by field name. */
export type TypeResolvers<S> = Record<string, Resolver<S>>;

const TYPE_NAMES: Record<string, GitObjectTypeName> = { commit: 'Commit', tree: 'Tree', blob: 'Blob', tag: 'Tag' };

/** The object `oid` of the repository, or null if the repository has no such object. */
export function gitObjectNode(repo: Repo, oid: string, path: string | null = null): GitObjectNode | null {
  const type = repo.store.typeOf(oid);
  return type ? { __typename: TYPE_NAMES[type] as GitObjectTypeName, repo, oid, path } : null;
}

/** Resolvers that read same-named properties of the source. */
export function plainFields<S extends object>(...fields: Array<keyof S & string>): TypeResolvers<S> {
  return Object.fromEntries(fields.map((f) => [f, (source: S) => source[f]]));
}

export function stringArg(args: Record<string, unknown>, name: string): string | undefined {
  const v = args[name];
  return typeof v === 'string' ? v : undefined;
}
