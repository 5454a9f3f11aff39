import { encodeGitTree, gitObjectId, type GitTreeEntry } from './git-objects.js';

/** An entry of `GET /git/trees/{sha}?recursive=1`. */
export interface ListedTreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

/**
 * The root tree id git would get after writing `changes` (path → new content) over a base tree, computed locally
 * from the base's recursive listing. It lets a job see that the branch already holds exactly this content without
 * asking GitHub to build the tree: zero writes for a pull request that is already up to date.
 */
export function treeAfterChanges(
  listing: readonly ListedTreeEntry[],
  changes: ReadonlyMap<string, Uint8Array>,
): string {
  const dirs = new Map<string, Map<string, GitTreeEntry>>([['', new Map()]]);
  const dirOf = (path: string) => {
    let d = dirs.get(path);
    if (!d) dirs.set(path, (d = new Map<string, GitTreeEntry>()));
    return d;
  };
  const split = (path: string): [string, string] => {
    const i = path.lastIndexOf('/');
    return i === -1 ? ['', path] : [path.slice(0, i), path.slice(i + 1)];
  };
  const treeShas = new Map<string, string>();
  for (const e of listing) {
    const [parent, name] = split(e.path);
    if (e.type === 'tree') {
      dirOf(e.path);
      treeShas.set(e.path, e.sha);
    }
    // Mode strings come from the API zero-padded (`040000`); inside tree objects git writes `40000`.
    dirOf(parent).set(name, { mode: e.mode.replace(/^0+/, ''), name, sha: e.sha });
  }
  const dirty = new Set<string>(['']);
  for (const [path, bytes] of changes) {
    const [parent, name] = split(path);
    const existing = dirOf(parent).get(name);
    dirOf(parent).set(name, { mode: existing?.mode ?? '100644', name, sha: gitObjectId('blob', bytes) });
    for (let p = parent; ; p = split(p)[0]) {
      dirty.add(p);
      if (p !== '' && !dirOf(split(p)[0]).has(split(p)[1])) {
        dirOf(split(p)[0]).set(split(p)[1], { mode: '40000', name: split(p)[1], sha: '' });
      }
      if (p === '') break;
    }
  }
  const hashDir = (path: string): string => {
    if (!dirty.has(path)) {
      const known = treeShas.get(path);
      if (known) return known;
    }
    const entries = [...dirOf(path).values()].map((e) =>
      e.mode === '40000' ? { ...e, sha: hashDir(path === '' ? e.name : `${path}/${e.name}`) } : e,
    );
    return gitObjectId('tree', encodeGitTree(entries));
  };
  return hashDir('');
}
