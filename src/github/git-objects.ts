import { createHash } from 'node:crypto';

/** One entry of a tree object; `mode` as git writes it inside trees (`40000`, not `040000`). */
export interface GitTreeEntry {
  mode: string;
  name: string;
  sha: string;
}

/** The object id git computes: SHA-1 over `<type> <len>\0<body>`. */
export function gitObjectId(type: 'blob' | 'tree' | 'commit' | 'tag', body: Uint8Array): string {
  return createHash('sha1').update(`${type} ${body.byteLength}\0`).update(body).digest('hex');
}

// Git orders tree entries by name bytes, comparing a subtree as if its name ended in '/'.
const sortKey = (e: GitTreeEntry) => Buffer.from(e.mode === '40000' ? `${e.name}/` : e.name, 'utf8');

export function encodeGitTree(entries: readonly GitTreeEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
  return Buffer.concat(
    sorted.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.sha, 'hex')]),
  );
}
