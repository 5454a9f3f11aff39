import type { ObjectStore } from './object-store.js';
import { normaliseMode, typeForMode, type TreeEntry } from './object-id.js';

/** A file-like entry (blob or submodule commit) at a full path. */
export interface Leaf {
  mode: string;
  sha: string;
}

export interface TreeListing {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

/** Requested change for `POST /git/trees`; mirrors the API's entry shape. */
export interface TreeChange {
  path: string;
  mode: string;
  type: string;
  sha?: string | null;
  content?: string;
}

/** A 422 the git-data route turns into GitHub's error body. */
export class TreeChangeError extends Error {}

export function flattenTree(
  store: ObjectStore,
  treeSha: string,
  prefix = '',
  out = new Map<string, Leaf>(),
): Map<string, Leaf> {
  const tree = store.tree(treeSha);
  if (!tree) return out;
  for (const e of tree.entries) {
    const path = prefix + e.name;
    if (e.mode === '40000') flattenTree(store, e.sha, `${path}/`, out);
    else out.set(path, { mode: e.mode, sha: e.sha });
  }
  return out;
}

/** Writes the nested tree objects for a flat path → leaf map; returns the root tree id. */
export function buildTree(store: ObjectStore, leaves: ReadonlyMap<string, Leaf>): string {
  const files: TreeEntry[] = [];
  const dirs = new Map<string, Map<string, Leaf>>();
  for (const [path, leaf] of leaves) {
    const slash = path.indexOf('/');
    if (slash < 0) {
      files.push({ mode: leaf.mode, name: path, sha: leaf.sha });
      continue;
    }
    const dir = path.slice(0, slash);
    let sub = dirs.get(dir);
    if (!sub) dirs.set(dir, (sub = new Map<string, Leaf>()));
    sub.set(path.slice(slash + 1), leaf);
  }
  for (const [name, sub] of dirs) files.push({ mode: '40000', name, sha: buildTree(store, sub) });
  return store.putTree(files);
}

/** Pre-order listing like `GET /git/trees/{sha}?recursive=1`. */
export function listTree(store: ObjectStore, treeSha: string, recursive: boolean, prefix = ''): TreeListing[] {
  const tree = store.tree(treeSha);
  if (!tree) return [];
  const out: TreeListing[] = [];
  for (const e of tree.entries) {
    const path = prefix + e.name;
    const type = typeForMode(e.mode);
    const size = type === 'blob' ? store.blob(e.sha)?.data.length : undefined;
    out.push(
      size === undefined ? { path, mode: e.mode, type, sha: e.sha } : { path, mode: e.mode, type, sha: e.sha, size },
    );
    if (recursive && type === 'tree') out.push(...listTree(store, e.sha, true, `${path}/`));
  }
  return out;
}

/** The entry at `path` (file or directory) under a root tree. */
export function lookupPath(
  store: ObjectStore,
  rootTree: string,
  path: string,
): { mode: string; sha: string } | undefined {
  const parts = path.split('/').filter((p) => p.length > 0);
  if (parts.length === 0) return { mode: '40000', sha: rootTree };
  let current: { mode: string; sha: string } = { mode: '40000', sha: rootTree };
  for (const part of parts) {
    const tree = current.mode === '40000' ? store.tree(current.sha) : undefined;
    const next = tree?.entries.find((e) => e.name === part);
    if (!next) return undefined;
    current = next;
  }
  return current;
}

function removeUnder(leaves: Map<string, Leaf>, path: string): boolean {
  let removed = leaves.delete(path);
  for (const key of [...leaves.keys()]) {
    if (key.startsWith(`${path}/`)) removed = leaves.delete(key) || removed;
  }
  return removed;
}

function validPath(path: string): boolean {
  return (
    path.length > 0 &&
    !path.startsWith('/') &&
    !path.endsWith('/') &&
    !path.split('/').some((p) => p === '' || p === '.' || p === '..' || p === '.git')
  );
}

/** Applies `POST /git/trees` entries on top of `baseTree` (null = empty) and returns the new root tree id. */
export function applyTreeChanges(store: ObjectStore, baseTree: string | null, changes: readonly TreeChange[]): string {
  const leaves = baseTree ? flattenTree(store, baseTree) : new Map<string, Leaf>();
  for (const change of changes) {
    if (typeof change.path !== 'string' || !validPath(change.path)) {
      throw new TreeChangeError(`tree.path contains a malformed path component`);
    }
    const mode = normaliseMode(String(change.mode));
    if (!mode) throw new TreeChangeError(`tree.mode contains an invalid value`);
    const expectedType = typeForMode(mode);
    if (change.type !== expectedType) throw new TreeChangeError(`tree.type contains an invalid value`);
    const hasContent = typeof change.content === 'string';
    if (hasContent && change.sha !== undefined) {
      throw new TreeChangeError(
        `Must supply either tree.sha or tree.content. Request will be rejected if both are present.`,
      );
    }
    if (change.sha === null) {
      // [I] GitHub answers a deletion of a missing path with an opaque 422; we use the GitRPC text seen in the wild.
      if (!removeUnder(leaves, change.path)) throw new TreeChangeError('GitRPC::BadObjectState');
      continue;
    }
    removeUnder(leaves, change.path);
    // A file standing where a directory is now needed gives way to it.
    const parts = change.path.split('/');
    for (let i = 1; i < parts.length; i++) leaves.delete(parts.slice(0, i).join('/'));
    if (hasContent) {
      if (expectedType !== 'blob') throw new TreeChangeError(`tree.content can only be used with blobs`);
      leaves.set(change.path, { mode, sha: store.putBlob(Buffer.from(change.content as string, 'utf8')) });
      continue;
    }
    const sha = typeof change.sha === 'string' ? change.sha.toLowerCase() : '';
    if (!/^[0-9a-f]{40}$/.test(sha))
      throw new TreeChangeError(`tree.sha ${String(change.sha)} is not a valid ${expectedType}`);
    if (expectedType === 'blob' && !store.blob(sha)) throw new TreeChangeError(`tree.sha ${sha} is not a valid blob`);
    if (expectedType === 'tree') {
      if (!store.tree(sha)) throw new TreeChangeError(`tree.sha ${sha} is not a valid tree`);
      for (const [sub, leaf] of flattenTree(store, sha)) leaves.set(`${change.path}/${sub}`, leaf);
      continue;
    }
    // Submodule entries name commits of other repositories, so they need not exist here.
    leaves.set(change.path, { mode, sha });
  }
  return buildTree(store, leaves);
}
