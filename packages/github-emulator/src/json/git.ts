import type { EmulatorContext } from '../context.js';
import type { CommitObject } from '../git/object-store.js';
import { apiMode, type Signature } from '../git/object-id.js';
import { flattenTree, listTree, type Leaf } from '../git/tree-ops.js';
import type { Repo } from '../model.js';
import { isoSeconds } from '../state.js';
import { repoApiUrl, repoHtmlUrl } from './repos.js';
import { nodeId, simpleUser, userRef } from './users.js';

export function gitDate(sig: Signature): Record<string, string> {
  return { name: sig.name, email: sig.email, date: isoSeconds(sig.time * 1000) };
}

/** base64 wrapped at 60 columns, as GitHub sends file and blob contents */
export function wrappedBase64(data: Buffer): string {
  return (data.toString('base64').match(/.{1,60}/g) ?? []).map((l) => `${l}\n`).join('');
}

function verification(c: CommitObject): Record<string, unknown> {
  // Commits GitHub signs (web-flow) are marked verified; [I] no real signature or payload is produced.
  if (c.verified)
    return {
      verified: true,
      reason: 'valid',
      signature: null,
      payload: null,
      verified_at: isoSeconds(c.committer.time * 1000),
    };
  return { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };
}

function parentsJson(ctx: EmulatorContext, repo: Repo, c: CommitObject): Record<string, string>[] {
  const api = repoApiUrl(ctx, repo);
  return c.parents.map((p) => ({
    sha: p,
    url: `${api}/git/commits/${p}`,
    html_url: `${repoHtmlUrl(ctx, repo)}/commit/${p}`,
  }));
}

/** `git-commit`: `GET/POST /git/commits`. */
export function gitCommitJson(ctx: EmulatorContext, repo: Repo, sha: string, c: CommitObject): Record<string, unknown> {
  const api = repoApiUrl(ctx, repo);
  return {
    sha,
    node_id: nodeId('Commit', `${repo.id}:${sha}`),
    url: `${api}/git/commits/${sha}`,
    html_url: `${repoHtmlUrl(ctx, repo)}/commit/${sha}`,
    author: gitDate(c.author),
    committer: gitDate(c.committer),
    tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
    message: c.message,
    parents: parentsJson(ctx, repo, c),
    verification: verification(c),
  };
}

function countLines(text: string): Map<string, number> {
  const m = new Map<string, number>();
  if (text === '') return m;
  for (const line of text.replace(/\n$/, '').split('\n')) m.set(line, (m.get(line) ?? 0) + 1);
  return m;
}

/** Line counts by multiset difference: cheap, and exact for the common add/remove/replace cases. */
function lineStats(before: string, after: string): { additions: number; deletions: number } {
  const a = countLines(before);
  const b = countLines(after);
  let additions = 0;
  let deletions = 0;
  for (const [line, n] of b) additions += Math.max(0, n - (a.get(line) ?? 0));
  for (const [line, n] of a) deletions += Math.max(0, n - (b.get(line) ?? 0));
  return { additions, deletions };
}

export interface FileDiff {
  path: string;
  before: string | undefined;
  after: string | undefined;
  additions: number;
  deletions: number;
}

/** Changed files between two trees (null = empty), with line counts. */
export function diffTrees(
  repo: Repo,
  beforeTree: string | null | undefined,
  afterTree: string | null | undefined,
): FileDiff[] {
  const before = beforeTree ? flattenTree(repo.store, beforeTree) : new Map<string, Leaf>();
  const after = afterTree ? flattenTree(repo.store, afterTree) : new Map<string, Leaf>();
  const text = (blob: string | undefined) => (blob ? (repo.store.blob(blob)?.data.toString('utf8') ?? '') : '');
  const out: FileDiff[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const old: string | undefined = before.get(path)?.sha;
    const now: string | undefined = after.get(path)?.sha;
    if (old === now) continue;
    const stats = lineStats(old === undefined ? '' : text(old), now === undefined ? '' : text(now));
    out.push({ path, before: old, after: now, ...stats });
  }
  return out;
}

function filesChanged(ctx: EmulatorContext, repo: Repo, sha: string, c: CommitObject): Record<string, unknown>[] {
  const parentTree = c.parents[0] ? repo.store.commit(c.parents[0])?.tree : undefined;
  const api = repoApiUrl(ctx, repo);
  const html = repoHtmlUrl(ctx, repo);
  return diffTrees(repo, parentTree, c.tree).map((d) => ({
    sha: d.after ?? d.before ?? null,
    filename: d.path,
    status: d.before === undefined ? 'added' : d.after === undefined ? 'removed' : 'modified',
    additions: d.additions,
    deletions: d.deletions,
    changes: d.additions + d.deletions,
    blob_url: `${html}/blob/${sha}/${d.path}`,
    raw_url: `${html}/raw/${sha}/${d.path}`,
    contents_url: `${api}/contents/${d.path}?ref=${sha}`,
  }));
}

/** `commit`: `GET /commits/{ref}` (with files) and a branch's `commit` (without). */
export function restCommitJson(
  ctx: EmulatorContext,
  repo: Repo,
  sha: string,
  withFiles: boolean,
): Record<string, unknown> {
  const c = repo.store.commit(sha) as CommitObject;
  const api = repoApiUrl(ctx, repo);
  const account = (email: string) => {
    const user = ctx.state.userByEmail(email);
    return user ? simpleUser(ctx, userRef(user)) : null;
  };
  const body: Record<string, unknown> = {
    sha,
    node_id: nodeId('Commit', `${repo.id}:${sha}`),
    commit: {
      author: gitDate(c.author),
      committer: gitDate(c.committer),
      message: c.message,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      url: `${api}/git/commits/${sha}`,
      comment_count: 0,
      verification: verification(c),
    },
    url: `${api}/commits/${sha}`,
    html_url: `${repoHtmlUrl(ctx, repo)}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    author: account(c.author.email),
    committer: account(c.committer.email),
    parents: parentsJson(ctx, repo, c).map(({ sha: s, url, html_url }) => ({
      sha: s,
      url: url?.replace('/git/commits/', '/commits/'),
      html_url,
    })),
  };
  if (withFiles) {
    const files = filesChanged(ctx, repo, sha, c);
    const additions = files.reduce((n, f) => n + (f.additions as number), 0);
    const deletions = files.reduce((n, f) => n + (f.deletions as number), 0);
    body.stats = { total: additions + deletions, additions, deletions };
    body.files = files;
  }
  return body;
}

/** `git-ref` */
export function refJson(ctx: EmulatorContext, repo: Repo, fullRef: string, sha: string): Record<string, unknown> {
  const api = repoApiUrl(ctx, repo);
  const type = repo.store.typeOf(sha) ?? 'commit';
  return {
    ref: fullRef,
    node_id: nodeId('Ref', `${repo.id}:${fullRef}`),
    url: `${api}/git/${fullRef}`,
    object: { sha, type, url: `${api}/git/${type === 'tag' ? 'tags' : 'commits'}/${sha}` },
  };
}

/** `git-tag` */
export function tagObjectJson(ctx: EmulatorContext, repo: Repo, sha: string): Record<string, unknown> | undefined {
  const t = repo.store.tag(sha);
  if (!t) return undefined;
  const api = repoApiUrl(ctx, repo);
  const kind =
    t.objectType === 'tag' ? 'tags' : t.objectType === 'tree' ? 'trees' : t.objectType === 'blob' ? 'blobs' : 'commits';
  return {
    node_id: nodeId('Tag', `${repo.id}:${sha}`),
    sha,
    url: `${api}/git/tags/${sha}`,
    tag: t.tag,
    message: t.message,
    tagger: gitDate(t.tagger),
    object: { type: t.objectType, sha: t.object, url: `${api}/git/${kind}/${t.object}` },
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/** `git-tree` */
export function treeJson(ctx: EmulatorContext, repo: Repo, sha: string, recursive: boolean): Record<string, unknown> {
  const api = repoApiUrl(ctx, repo);
  const tree = listTree(repo.store, sha, recursive).map((e) => {
    const entry: Record<string, unknown> = { path: e.path, mode: apiMode(e.mode), type: e.type, sha: e.sha };
    if (e.size !== undefined) entry.size = e.size;
    if (e.type !== 'commit') entry.url = `${api}/git/${e.type}s/${e.sha}`;
    return entry;
  });
  return { sha, url: `${api}/git/trees/${sha}`, tree, truncated: false };
}

/** `branch-with-protection` */
export function branchJson(ctx: EmulatorContext, repo: Repo, name: string, sha: string): Record<string, unknown> {
  const api = repoApiUrl(ctx, repo);
  return {
    name,
    commit: restCommitJson(ctx, repo, sha, false),
    _links: { self: `${api}/branches/${encodeURIComponent(name)}`, html: `${repoHtmlUrl(ctx, repo)}/tree/${name}` },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
    protection_url: `${api}/branches/${encodeURIComponent(name)}/protection`,
  };
}
