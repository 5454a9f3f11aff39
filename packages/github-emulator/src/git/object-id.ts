import { createHash } from 'node:crypto';

export type GitObjectType = 'blob' | 'tree' | 'commit' | 'tag';

/** One entry of a tree object; `mode` is stored as git writes it (`40000`, not `040000`). */
export interface TreeEntry {
  mode: string;
  name: string;
  sha: string;
}

/** Author, committer or tagger line. `time` is unix seconds, `tz` like `+0000`. */
export interface Signature {
  name: string;
  email: string;
  time: number;
  tz: string;
}

export interface CommitFields {
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  message: string;
}

export interface TagFields {
  object: string;
  objectType: GitObjectType;
  tag: string;
  tagger: Signature;
  message: string;
}

/** The object id git computes: SHA-1 over `<type> <len>\0<body>`. */
export function objectId(type: GitObjectType, body: Buffer): string {
  const hash = createHash('sha1');
  hash.update(`${type} ${body.length}\0`);
  hash.update(body);
  return hash.digest('hex');
}

// Git orders tree entries by name bytes, comparing a subtree as if its name ended in '/'.
function sortKey(entry: TreeEntry): Buffer {
  return Buffer.from(entry.mode === '40000' ? `${entry.name}/` : entry.name, 'utf8');
}

export function sortTreeEntries(entries: readonly TreeEntry[]): TreeEntry[] {
  return [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
}

export function encodeTree(entries: readonly TreeEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of sortTreeEntries(entries)) {
    parts.push(Buffer.from(`${entry.mode} ${entry.name}\0`, 'utf8'), Buffer.from(entry.sha, 'hex'));
  }
  return Buffer.concat(parts);
}

function signatureLine(sig: Signature): string {
  return `${sig.name} <${sig.email}> ${sig.time} ${sig.tz}`;
}

export function encodeCommit(c: CommitFields): Buffer {
  const lines = [`tree ${c.tree}`, ...c.parents.map((p) => `parent ${p}`)];
  lines.push(`author ${signatureLine(c.author)}`, `committer ${signatureLine(c.committer)}`);
  return Buffer.from(`${lines.join('\n')}\n\n${c.message}`, 'utf8');
}

export function encodeTag(t: TagFields): Buffer {
  const head = [`object ${t.object}`, `type ${t.objectType}`, `tag ${t.tag}`, `tagger ${signatureLine(t.tagger)}`];
  return Buffer.from(`${head.join('\n')}\n\n${t.message}`, 'utf8');
}

/** Git's mode strings for the API's spelling (`040000` → `40000`); undefined if not a valid mode. */
export function normaliseMode(mode: string): string | undefined {
  const canonical: Record<string, string> = {
    '100644': '100644',
    '100755': '100755',
    '040000': '40000',
    '40000': '40000',
    '160000': '160000',
    '120000': '120000',
  };
  return canonical[mode];
}

/** The API always shows trees as `040000`. */
export function apiMode(mode: string): string {
  return mode === '40000' ? '040000' : mode;
}

export function typeForMode(mode: string): 'blob' | 'tree' | 'commit' {
  if (mode === '40000') return 'tree';
  if (mode === '160000') return 'commit';
  return 'blob';
}
