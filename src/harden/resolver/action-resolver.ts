/** A ref resolved to the commit it names; `tag` is the most specific tag on that commit, for the pin's comment. */
export interface ResolvedRef {
  sha: string;
  tag: string | null;
  /** What the ref named, when the resolver knows: pinning a branch freezes a moving target, so it is reported apart. */
  refType?: 'tag' | 'branch' | 'commit';
}

export type ResolveFailure = 'not-found' | 'no-access' | 'unavailable';

/** Raised by resolvers for a ref they cannot resolve; the engine reports it on the line and leaves the ref as it is. */
export class ResolveError extends Error {
  constructor(
    readonly reason: ResolveFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ResolveError';
  }
}

/** An advisory's severity, as GitHub's advisory database states it. */
export type AdvisorySeverity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

/** One vulnerable range of an action, from GitHub's advisory database (ecosystem `actions`). */
export interface ActionAdvisory {
  ghsaId: string;
  severity: AdvisorySeverity;
  summary: string;
  /** The advisory's page (`html_url`). */
  url: string;
  /** The package it names: `owner/repo`, or `owner/repo/path` for an action in a subdirectory. */
  package: string;
  /** GitHub's range syntax: comma-separated `< 1.2.3`, `>= 1.0.0`, `= 1.0.0`, `<= 1.0.0`, `> 1.0.0`. */
  vulnerableRange: string;
  /** The version that fixes it (without or with a leading `v`), or null when none does yet. */
  firstPatched: string | null;
}

/** What the repository's own metadata says. */
export interface RepositoryFacts {
  archived: boolean;
  /** Null for an empty repository. */
  defaultBranch: string | null;
}

/** Whether a commit belongs to a repository: on one of its branches or tags, or its history. */
export interface CommitPlacement {
  reachable: boolean;
  /** False when only some of the branches and tags were compared (the look-up is bounded), so "not reachable" may be wrong. */
  complete: boolean;
}

/**
 * The engine's only way to reach GitHub. `repo` is `owner/repo`; refs are tags, branches or SHAs, and annotated tags
 * must be peeled to their commit. The optional look-ups serve rules that report what only GitHub knows; a resolver
 * without one (offline, a test's table) leaves those rules silent.
 */
export interface ActionResolver {
  resolve(repo: string, ref: string): Promise<ResolvedRef>;
  /** The most specific tag pointing at `sha`, or null when no tag does. */
  tagFor(repo: string, sha: string): Promise<string | null>;
  /**
   * The text of the action metadata file (`action.yml`, else `action.yaml`) in directory `path` ('' for the root) of
   * `repo` at commit `sha`, or null when neither exists. Throws ResolveError when it cannot be read. Optional: a
   * resolver without it (offline, or one that cannot reach GitHub) leaves actions the knowledge base lacks unknown.
   */
  actionMetadata?(repo: string, path: string, sha: string): Promise<string | null>;
  /** Advisories naming `repo` (or an action inside it) as the package; empty when there are none. */
  advisories?(repo: string): Promise<ActionAdvisory[]>;
  /** Archived flag and default branch of `repo`. */
  repository?(repo: string): Promise<RepositoryFacts>;
  /** Whether commit `sha` is on a branch or tag of `repo` (or in their history); ResolveError when no such commit exists. */
  commitPlacement?(repo: string, sha: string): Promise<CommitPlacement>;
  /** Whether `repo` has a branch named `name`. */
  branchExists?(repo: string, name: string): Promise<boolean>;
}

type Around = <T>(call: Promise<T>) => Promise<T>;
const asIs: Around = (call) => call;

/** `inner`'s optional look-ups, each call passed through `around`; one `inner` lacks stays absent. */
export function optionalLookups(inner: ActionResolver, around: Around = asIs): Partial<ActionResolver> {
  const out: Partial<ActionResolver> = {};
  const metadata = inner.actionMetadata?.bind(inner);
  if (metadata) out.actionMetadata = (repo, path, sha) => around(metadata(repo, path, sha));
  const advisories = inner.advisories?.bind(inner);
  if (advisories) out.advisories = (repo) => around(advisories(repo));
  const repository = inner.repository?.bind(inner);
  if (repository) out.repository = (repo) => around(repository(repo));
  const placement = inner.commitPlacement?.bind(inner);
  if (placement) out.commitPlacement = (repo, sha) => around(placement(repo, sha));
  const branchExists = inner.branchExists?.bind(inner);
  if (branchExists) out.branchExists = (repo, name) => around(branchExists(repo, name));
  return out;
}

/** The same resolver with every call's promise passed through `around` (progress counting, failure watching). */
export function aroundResolver(inner: ActionResolver, around: Around): ActionResolver {
  return {
    resolve: (repo, ref) => around(inner.resolve(repo, ref)),
    tagFor: (repo, sha) => around(inner.tagFor(repo, sha)),
    ...optionalLookups(inner, around),
  };
}

/** Wraps a resolver so each distinct `owner/repo@ref` (and commit, and repository) is asked at most once, even while in flight. */
export function memoizeResolver(inner: ActionResolver): ActionResolver {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, call: () => Promise<T>): Promise<T> => {
    let hit = memo.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = call();
      memo.set(key, hit);
    }
    return hit;
  };
  const lower = (s: string) => s.toLowerCase();
  const lookups = optionalLookups(inner);
  // Each look-up owns a key prefix, so two kinds of answer about one repository never share an entry.
  return {
    resolve: (repo, ref) => once(`ref:${lower(repo)}@${ref}`, () => inner.resolve(repo, ref)),
    tagFor: (repo, sha) => once(`tag:${lower(repo)}@${lower(sha)}`, () => inner.tagFor(repo, sha)),
    ...(lookups.actionMetadata && {
      actionMetadata: (repo: string, path: string, sha: string) =>
        once(`meta:${lower(repo)}/${path}@${lower(sha)}`, () => lookups.actionMetadata!(repo, path, sha)),
    }),
    ...(lookups.advisories && {
      advisories: (repo: string) => once(`adv:${lower(repo)}`, () => lookups.advisories!(repo)),
    }),
    ...(lookups.repository && {
      repository: (repo: string) => once(`repo:${lower(repo)}`, () => lookups.repository!(repo)),
    }),
    ...(lookups.commitPlacement && {
      commitPlacement: (repo: string, sha: string) =>
        once(`placed:${lower(repo)}@${lower(sha)}`, () => lookups.commitPlacement!(repo, sha)),
    }),
    ...(lookups.branchExists && {
      branchExists: (repo: string, name: string) =>
        once(`branch:${lower(repo)}@${name}`, () => lookups.branchExists!(repo, name)),
    }),
  };
}
