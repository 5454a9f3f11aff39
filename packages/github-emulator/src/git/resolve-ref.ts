import type { Repo } from '../model.js';

/** All refs of a repository, sorted by name, as `refs/heads/…` and `refs/tags/…`. */
export function allRefs(repo: Repo): Array<{ ref: string; sha: string }> {
  const refs = [
    ...[...repo.branches].map(([name, sha]) => ({ ref: `refs/heads/${name}`, sha })),
    ...[...repo.tags].map(([name, sha]) => ({ ref: `refs/tags/${name}`, sha })),
  ];
  return refs.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

/** The object a fully qualified ref (`refs/heads/x`, `refs/tags/x`) points at. */
export function refTarget(repo: Repo, fullRef: string): string | undefined {
  if (fullRef.startsWith('refs/heads/')) return repo.branches.get(fullRef.slice('refs/heads/'.length));
  if (fullRef.startsWith('refs/tags/')) return repo.tags.get(fullRef.slice('refs/tags/'.length));
  return undefined;
}

function peelToCommit(repo: Repo, sha: string | undefined): string | undefined {
  if (!sha) return undefined;
  const peeled = repo.store.peel(sha);
  return peeled?.type === 'commit' ? peeled.sha : undefined;
}

/**
 * Resolves a commit-ish the way `GET /commits/{ref}` and `?ref=` do: a full or abbreviated SHA,
 * `refs/…`, `heads/…`, `tags/…`, or a bare name. Annotated tags are peeled.
 * [I] A bare name that is both a tag and a branch resolves like `git rev-parse`: the tag wins.
 */
export function resolveCommitish(repo: Repo, ref: string): string | undefined {
  if (/^[0-9a-f]{40}$/i.test(ref)) return peelToCommit(repo, ref.toLowerCase());
  if (ref.startsWith('refs/')) return peelToCommit(repo, refTarget(repo, ref));
  const qualified = peelToCommit(repo, refTarget(repo, `refs/${ref}`));
  if (qualified) return qualified;
  const named = peelToCommit(repo, repo.tags.get(ref)) ?? peelToCommit(repo, repo.branches.get(ref));
  if (named) return named;
  if (/^[0-9a-f]{7,39}$/i.test(ref)) {
    const matches = repo.store.matchPrefix(ref.toLowerCase()).filter((s) => repo.store.peel(s)?.type === 'commit');
    if (matches.length === 1) return peelToCommit(repo, matches[0]);
  }
  return undefined;
}
