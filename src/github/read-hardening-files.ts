import { z } from 'zod';
import { classifyPath } from '../harden/classify-path.js';
import { MAX_FILE_BYTES } from '../harden/yaml/parse-source.js';
import { blobsQuery } from './graphql/repository-snapshot-query.js';
import type { GitHubClient } from './octokit-factory.js';
import type { ListedTreeEntry } from './tree-after-changes.js';

const treeResponseSchema = z.object({
  sha: z.string(),
  truncated: z.boolean(),
  tree: z.array(
    z.object({
      path: z.string(),
      mode: z.string(),
      type: z.enum(['blob', 'tree', 'commit']),
      sha: z.string().regex(/^[0-9a-f]{40}$/),
    }),
  ),
});
const blobSchema = z.object({
  oid: z.string(),
  byteSize: z.number(),
  isBinary: z.boolean().nullable(),
  isTruncated: z.boolean(),
  text: z.string().nullable(),
});

/** GitHub's tree listings stop at this many entries; past it, the job cannot see every action.yml. */
export class TreeTooLargeError extends Error {
  override name = 'TreeTooLargeError';
}

export interface HardeningFiles {
  /** Path → bytes of every workflow, action and Dependabot file on the default branch. */
  files: Map<string, Uint8Array>;
  /** The base tree's full recursive listing, to compute the tree a commit would produce. */
  listing: ListedTreeEntry[];
}

/** Blobs asked for in one GraphQL request; enough that a repository's workflows take one read. */
const BLOBS_PER_QUERY = 250;
const encoder = new TextEncoder();

/**
 * Two reads whatever the number of files: the recursive tree (REST), then every blob the engine needs in one
 * GraphQL query. Symbolic links are skipped, as the CLI does not follow them either.
 */
export async function readHardeningFiles(
  client: GitHubClient,
  repository: string,
  treeOid: string,
): Promise<HardeningFiles> {
  const [owner, repo] = repository.split('/') as [string, string];
  const res = await client.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
    owner,
    repo,
    tree_sha: treeOid,
    recursive: '1',
  });
  const tree = treeResponseSchema.parse(res.data);
  if (tree.truncated) {
    throw new TreeTooLargeError(
      `${repository} has more files than GitHub lists in one tree request, so Rampart cannot find every action.yml in it`,
    );
  }
  const files = await readBlobs(client, repository, tree.tree, (path) => classifyPath(path) !== null);
  return { files, listing: tree.tree };
}

/**
 * The blobs of the listed regular files whose paths `want` accepts, in one GraphQL query per 250 (symbolic links
 * skipped): the engine's files, or the local scripts and package.json it asks for afterwards.
 */
export async function readBlobs(
  client: GitHubClient,
  repository: string,
  listing: readonly ListedTreeEntry[],
  want: (path: string) => boolean,
): Promise<Map<string, Uint8Array>> {
  const [owner, repo] = repository.split('/') as [string, string];
  const wanted = listing.filter(
    (e) => e.type === 'blob' && (e.mode === '100644' || e.mode === '100755') && want(e.path),
  );
  const files = new Map<string, Uint8Array>();
  for (let i = 0; i < wanted.length; i += BLOBS_PER_QUERY) {
    const chunk = wanted.slice(i, i + BLOBS_PER_QUERY);
    const vars = Object.fromEntries(chunk.map((e, j) => [`o${j}`, e.sha]));
    const data = await client.graphql<{ repository: Record<string, unknown> }>(blobsQuery(chunk.length), {
      owner,
      name: repo,
      ...vars,
    });
    chunk.forEach((entry, j) => {
      const blob = blobSchema.parse(data.repository[`b${j}`]);
      files.set(entry.path, blobBytes(blob));
    });
  }
  return files;
}

/**
 * GraphQL gives text, not bytes. A blob it will not give as text is handed to the engine as bytes that fail the
 * same check the engine would apply to the real content (too large, or not UTF-8), so the report says why.
 */
function blobBytes(blob: z.infer<typeof blobSchema>): Uint8Array {
  if (blob.isTruncated || blob.byteSize > MAX_FILE_BYTES)
    return new Uint8Array(Math.max(blob.byteSize, MAX_FILE_BYTES + 1));
  if (blob.isBinary || blob.text === null) return new Uint8Array([0xff]);
  return encoder.encode(blob.text);
}
