import {
  encodeCommit,
  encodeTag,
  encodeTree,
  objectId,
  sortTreeEntries,
  type CommitFields,
  type GitObjectType,
  type TagFields,
  type TreeEntry,
} from './object-id.js';

export interface BlobObject {
  type: 'blob';
  data: Buffer;
}
export interface TreeObject {
  type: 'tree';
  entries: TreeEntry[];
}
export interface CommitObject extends CommitFields {
  type: 'commit';
  /** A name target seeded with a real GitHub SHA: its id is not the hash of its fields. */
  stub: boolean;
  /** Signed by GitHub (web-flow): `createCommitOnBranch`, merges, and REST commits of App tokens without author/committer. */
  verified: boolean;
}
export interface TagObject extends TagFields {
  type: 'tag';
}
export type GitObject = BlobObject | TreeObject | CommitObject | TagObject;

export const EMPTY_TREE_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Content-addressed objects of one repository. */
export class ObjectStore {
  private readonly objects = new Map<string, GitObject>();

  putBlob(data: Buffer): string {
    const sha = objectId('blob', data);
    if (!this.objects.has(sha)) this.objects.set(sha, { type: 'blob', data });
    return sha;
  }

  putTree(entries: readonly TreeEntry[]): string {
    const sorted = sortTreeEntries(entries);
    const sha = objectId('tree', encodeTree(sorted));
    if (!this.objects.has(sha)) this.objects.set(sha, { type: 'tree', entries: sorted });
    return sha;
  }

  putCommit(fields: CommitFields, verified = false): string {
    const sha = objectId('commit', encodeCommit(fields));
    if (!this.objects.has(sha)) this.objects.set(sha, { type: 'commit', ...fields, stub: false, verified });
    return sha;
  }

  putTag(fields: TagFields): string {
    const sha = objectId('tag', encodeTag(fields));
    if (!this.objects.has(sha)) this.objects.set(sha, { type: 'tag', ...fields });
    return sha;
  }

  /** Registers a commit known only by its id; it carries an empty tree and no parents. */
  putStubCommit(sha: string, template: Omit<CommitFields, 'tree' | 'parents'>): void {
    if (this.objects.has(sha)) return;
    const tree = this.putTree([]);
    this.objects.set(sha, { type: 'commit', ...template, tree, parents: [], stub: true, verified: false });
  }

  has(sha: string): boolean {
    return this.objects.has(sha);
  }

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha);
  }

  typeOf(sha: string): GitObjectType | undefined {
    return this.objects.get(sha)?.type;
  }

  blob(sha: string): BlobObject | undefined {
    const o = this.objects.get(sha);
    return o?.type === 'blob' ? o : undefined;
  }

  tree(sha: string): TreeObject | undefined {
    const o = this.objects.get(sha);
    return o?.type === 'tree' ? o : undefined;
  }

  commit(sha: string): CommitObject | undefined {
    const o = this.objects.get(sha);
    return o?.type === 'commit' ? o : undefined;
  }

  tag(sha: string): TagObject | undefined {
    const o = this.objects.get(sha);
    return o?.type === 'tag' ? o : undefined;
  }

  /** Ids starting with `prefix` (abbreviated SHAs). */
  matchPrefix(prefix: string): string[] {
    const out: string[] = [];
    for (const sha of this.objects.keys()) if (sha.startsWith(prefix)) out.push(sha);
    return out;
  }

  /** Follows annotated tags (depth-capped, tags may point at tags) to the object they name. */
  peel(sha: string): { sha: string; type: GitObjectType } | undefined {
    let current = sha;
    for (let depth = 0; depth < 10; depth++) {
      const o = this.objects.get(current);
      if (!o) return undefined;
      if (o.type !== 'tag') return { sha: current, type: o.type };
      current = o.object;
    }
    return undefined;
  }

  /** True when `ancestor` is `descendant` or reachable through its parents. */
  isAncestor(ancestor: string, descendant: string): boolean {
    const seen = new Set<string>();
    const queue = [descendant];
    while (queue.length > 0) {
      const sha = queue.pop() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      const c = this.commit(sha);
      if (c) queue.push(...c.parents);
    }
    return false;
  }
}
