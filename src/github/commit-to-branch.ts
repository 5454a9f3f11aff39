import { z } from 'zod';
import { classifyGitHubError } from './classify-github-error.js';
import type { GitHubClient } from './octokit-factory.js';
import type { ListedTreeEntry } from './tree-after-changes.js';

const shaResponse = z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/) });
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export interface CommitRequest {
  repository: string;
  branch: string;
  /** The default branch head the commit is based on. */
  baseOid: string;
  baseTreeOid: string;
  listing: readonly ListedTreeEntry[];
  changes: ReadonlyMap<string, Uint8Array>;
  message: string;
  /** Whether Rampart's branch exists now (from the snapshot); a stale answer is recovered from. */
  branchExists: boolean;
}

/**
 * Three writes: the tree (base_tree + inline contents, file modes kept), the commit on the default branch head, and
 * the branch moved to it (force: Rampart's branch is its own and is rebuilt from the default branch every run).
 * Each is safe to repeat: the tree and commit are content-addressed, and the ref ends at this commit either way.
 */
export async function commitToBranch(client: GitHubClient, req: CommitRequest): Promise<string> {
  const [owner, repo] = req.repository.split('/') as [string, string];
  const modes = new Map(req.listing.map((e) => [e.path, e.mode]));
  const tree = await client.request('POST /repos/{owner}/{repo}/git/trees', {
    owner,
    repo,
    base_tree: req.baseTreeOid,
    tree: [...req.changes].map(([path, bytes]) => ({
      path,
      mode: modes.get(path) === '100755' ? ('100755' as const) : ('100644' as const),
      type: 'blob' as const,
      content: decoder.decode(bytes),
    })),
  });
  const treeSha = shaResponse.parse(tree.data).sha;
  const commit = await client.request('POST /repos/{owner}/{repo}/git/commits', {
    owner,
    repo,
    message: req.message,
    tree: treeSha,
    parents: [req.baseOid],
  });
  const commitSha = shaResponse.parse(commit.data).sha;
  await moveBranch(client, owner, repo, req.branch, commitSha, req.branchExists);
  return commitSha;
}

/** Points Rampart's branch at `sha`: moved (force) when it exists, created when not; a stale `exists` is recovered from. */
export async function moveBranch(
  client: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
  sha: string,
  exists: boolean,
): Promise<void> {
  const update = () =>
    client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      owner,
      repo,
      ref: `heads/${branch}`,
      sha,
      force: true,
    });
  const create = () =>
    client.request('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: `refs/heads/${branch}`, sha });
  try {
    await (exists ? update() : create());
  } catch (err) {
    const c = classifyGitHubError(err);
    // The snapshot can be stale (a retry, another worker): fall over to the other call once.
    if (!exists && c.kind === 'validation' && /already exists/i.test(c.message)) return void (await update());
    if (exists && c.kind === 'validation' && /does not exist/i.test(c.message)) return void (await create());
    throw err;
  }
}
