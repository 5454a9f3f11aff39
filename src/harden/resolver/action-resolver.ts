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

/**
 * The engine's only way to reach GitHub. `repo` is `owner/name`; refs are tags, branches or SHAs, and annotated tags
 * must be peeled to their commit.
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
}

/** The same resolver with every call's promise passed through `around` (progress counting, failure watching). */
export function aroundResolver(inner: ActionResolver, around: <T>(call: Promise<T>) => Promise<T>): ActionResolver {
  const readMetadata = inner.actionMetadata?.bind(inner);
  return {
    resolve: (repo, ref) => around(inner.resolve(repo, ref)),
    tagFor: (repo, sha) => around(inner.tagFor(repo, sha)),
    ...(readMetadata && { actionMetadata: (repo: string, path: string, sha: string) => around(readMetadata(repo, path, sha)) }),
  };
}

/** Wraps a resolver so each distinct `owner/repo@ref` (and commit) is asked at most once, even while in flight. */
export function memoizeResolver(inner: ActionResolver): ActionResolver {
  const refs = new Map<string, Promise<ResolvedRef>>();
  const tags = new Map<string, Promise<string | null>>();
  const metadata = new Map<string, Promise<string | null>>();
  const readMetadata = inner.actionMetadata?.bind(inner);
  return {
    resolve(repo, ref) {
      const key = `${repo.toLowerCase()}@${ref}`;
      let hit = refs.get(key);
      if (!hit) {
        hit = inner.resolve(repo, ref);
        refs.set(key, hit);
      }
      return hit;
    },
    tagFor(repo, sha) {
      const key = `${repo.toLowerCase()}@${sha.toLowerCase()}`;
      let hit = tags.get(key);
      if (!hit) {
        hit = inner.tagFor(repo, sha);
        tags.set(key, hit);
      }
      return hit;
    },
    ...(readMetadata && {
      actionMetadata(repo: string, path: string, sha: string) {
        const key = `${repo.toLowerCase()}/${path}@${sha.toLowerCase()}`;
        let hit = metadata.get(key);
        if (!hit) {
          hit = readMetadata(repo, path, sha);
          metadata.set(key, hit);
        }
        return hit;
      },
    }),
  };
}
