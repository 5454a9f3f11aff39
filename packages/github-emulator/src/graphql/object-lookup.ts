import { refTarget } from '../git/resolve-ref.js';
import { lookupPath } from '../git/tree-ops.js';
import type { Repo } from '../model.js';
import { unimplemented } from './graphql-errors.js';
import { gitObjectNode, type GitObjectNode, type RefNode } from './nodes.js';

const PREFIXES = ['refs/heads/', 'refs/tags/'] as const;

function refNode(repo: Repo, fullRef: string): RefNode | null {
  const oid = refTarget(repo, fullRef);
  const prefix = PREFIXES.find((p) => fullRef.startsWith(p));
  return oid && prefix ? { repo, name: fullRef.slice(prefix.length), prefix, oid } : null;
}

/** A branch by short name (what `defaultBranchRef` names). */
export function branchRef(repo: Repo, name: string): RefNode | null {
  return refNode(repo, `refs/heads/${name}`);
}

/**
 * `ref(qualifiedName:)`: "Fully qualified matches are checked in order (`refs/heads/master`) before
 * falling back onto checks for short name matches (`master`)" (schema description). [I] Short names
 * try branches before tags.
 */
export function findRef(repo: Repo, qualifiedName: string): RefNode | null {
  if (qualifiedName.startsWith('refs/')) return refNode(repo, qualifiedName);
  return refNode(repo, `refs/heads/${qualifiedName}`) ?? refNode(repo, `refs/tags/${qualifiedName}`);
}

/** A revision as `git rev-parse` reads it, without peeling: HEAD, a full or unique abbreviated id, or a ref name. */
function revision(repo: Repo, rev: string): string | undefined {
  if (rev === 'HEAD' || rev === '') return repo.branches.get(repo.defaultBranch);
  if (/^[0-9a-f]{40}$/i.test(rev)) return repo.store.has(rev.toLowerCase()) ? rev.toLowerCase() : undefined;
  if (rev.startsWith('refs/')) return refTarget(repo, rev);
  // Git's lookup order for a short name: refs/<name>, refs/tags/<name>, refs/heads/<name>.
  const named = refTarget(repo, `refs/${rev}`) ?? repo.tags.get(rev) ?? repo.branches.get(rev);
  if (named) return named;
  if (/^[0-9a-f]{4,39}$/i.test(rev)) {
    const matches = repo.store.matchPrefix(rev.toLowerCase());
    if (matches.length === 1) return matches[0];
  }
  return undefined;
}

/**
 * `object(expression:)`: `<rev>` names a commit (or tag object), `<rev>:<path>` the tree or blob at
 * `path` in that commit (`HEAD:`, `main:.github/workflows`, `<sha>:README.md`). Null when nothing
 * matches, as on GitHub. Revision arithmetic (`~`, `^`, `@{…}`) is legal on GitHub but not emulated,
 * so it fails loudly instead of answering null.
 */
export function objectByExpression(repo: Repo, expression: string): GitObjectNode | null {
  const colon = expression.indexOf(':');
  const rev = colon < 0 ? expression : expression.slice(0, colon);
  if (/[~^]|@\{/.test(rev)) throw unimplemented(`revision syntax in object(expression: ${JSON.stringify(expression)})`);
  const target = revision(repo, rev);
  if (!target) return null;
  if (colon < 0) return gitObjectNode(repo, target);
  const peeled = repo.store.peel(target);
  const commit = peeled?.type === 'commit' ? repo.store.commit(peeled.sha) : undefined;
  if (!commit) return null;
  const path = expression.slice(colon + 1).replace(/^\/+|\/+$/g, '');
  const entry = lookupPath(repo.store, commit.tree, path);
  return entry ? gitObjectNode(repo, entry.sha, path) : null;
}

/** `object(oid:)`: any object of the repository by its full id. */
export function objectByOid(repo: Repo, oid: string): GitObjectNode | null {
  return /^[0-9a-f]{40}$/i.test(oid) ? gitObjectNode(repo, oid.toLowerCase()) : null;
}
