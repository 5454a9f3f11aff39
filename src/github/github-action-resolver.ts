import { z } from 'zod';
import { ResolveError, type ActionResolver, type ResolvedRef } from '../harden/resolver/action-resolver.js';
import { mostSpecificTag } from '../harden/resolver/most-specific-tag.js';
import type { GitHubClient } from './octokit-factory.js';
import { classifyGitHubError } from './classify-github-error.js';
import { actionRepositoryLookups } from './action-repository-lookups.js';
import { limitConcurrency } from './limit-concurrency.js';
import { splitRepo as split, toResolveError } from './resolver-errors.js';

const tagListSchema = z.array(
  z.object({ name: z.string(), commit: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/) }) }),
);
const gitRefSchema = z.object({ object: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/), type: z.string() }) });
const shaTextSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{40}$/, 'GitHub did not answer with a commit SHA');

/** pinact's bound: ten pages of tags cover the release history of nearly every action. */
const MAX_TAG_PAGES = 10;
/** Real action.yml files are a few KiB; anything near this is not one worth parsing. */
export const MAX_ACTION_METADATA_BYTES = 512 * 1024;
/** Metadata reads in flight at once per resolver: a workflow can name dozens of unknown actions. */
const METADATA_CONCURRENCY = 6;
const METADATA_FILES = ['action.yml', 'action.yaml'] as const;
const RAW_MEDIA_TYPE = 'application/vnd.github.raw+json';

/**
 * Resolves action refs through the REST API. One tag listing per repository (its SHAs are already peeled) answers
 * both ref → commit and commit → most specific tag; branches and bare SHAs cost one more call each. The optional
 * look-ups (advisories, repository facts, a pin's placement) are in action-repository-lookups.ts.
 */
export function githubActionResolver(client: GitHubClient): ActionResolver {
  const tagLists = new Map<string, Promise<TagList>>();
  const tagsOf = (repo: string) => {
    const key = repo.toLowerCase();
    let hit = tagLists.get(key);
    if (!hit) {
      hit = listTags(client, repo);
      tagLists.set(key, hit);
    }
    return hit;
  };
  const tagsOn = (tags: Map<string, string>, sha: string) => [...tags].filter(([, s]) => s === sha).map(([t]) => t);
  const limited = limitConcurrency(METADATA_CONCURRENCY);
  const lookups = actionRepositoryLookups(client, tagsOf);

  return {
    async resolve(repo, ref): Promise<ResolvedRef> {
      const tags = await tagsOf(repo);
      const name = ref.replace(/^refs\/tags\//, '');
      const tagged = tags.get(name);
      if (tagged) return { sha: tagged, tag: mostSpecificTag(tagsOn(tags, tagged), name), refType: 'tag' };
      const [owner, repoName] = split(repo);
      const hex = /^[0-9a-f]{7,40}$/i.test(ref);
      const branch = hex ? undefined : await branchHead(client, owner, repoName, ref.replace(/^refs\/heads\//, ''));
      if (branch) return { sha: branch, tag: mostSpecificTag(tagsOn(tags, branch)), refType: 'branch' };
      // commits/{ref} finds a name only as a branch or a tag, both already looked up when every tag page was read.
      if (!hex && tags.complete)
        throw new ResolveError('not-found', `${repo} has no tag, branch or commit named ${ref}`);
      const sha = await commitFor(client, owner, repoName, ref, repo);
      return { sha, tag: mostSpecificTag(tagsOn(tags, sha)), refType: 'commit' };
    },
    async tagFor(repo, sha) {
      return mostSpecificTag(tagsOn(await tagsOf(repo), sha.toLowerCase()));
    },
    advisories: lookups.advisories,
    repository: lookups.repository,
    commitPlacement: lookups.commitPlacement,
    async branchExists(repo, name) {
      const [owner, repoName] = split(repo);
      return (await branchHead(client, owner, repoName, name)) !== undefined;
    },
    actionMetadata(repo, path, sha) {
      // A 404 for both files may also mean the token cannot see the repository: the tag listing, when it holds the
      // commit, already proves it can; otherwise one more request tells "no metadata" from "cannot read".
      const commitVisible = async () => {
        const tags = await tagLists.get(repo.toLowerCase())?.catch(() => undefined);
        if (tags && [...tags.values()].includes(sha.toLowerCase())) return;
        const [owner, name] = split(repo);
        await commitFor(client, owner, name, sha, repo);
      };
      return limited(() => readActionMetadata(client, repo, path, sha, commitVisible));
    },
  };
}

/** Tag name → commit; `complete` when the last page was short, so a name not in it is no tag of the repository. */
type TagList = Map<string, string> & { complete?: boolean };

async function listTags(client: GitHubClient, repo: string): Promise<TagList> {
  const [owner, name] = split(repo);
  const tags: TagList = new Map<string, string>();
  try {
    for (let page = 1; page <= MAX_TAG_PAGES; page++) {
      const res = await client.request('GET /repos/{owner}/{repo}/tags', { owner, repo: name, per_page: 100, page });
      const list = tagListSchema.parse(res.data);
      for (const t of list) if (!tags.has(t.name)) tags.set(t.name, t.commit.sha);
      if (list.length < 100) {
        tags.complete = true;
        break;
      }
    }
  } catch (err) {
    throw toResolveError(err, `${repo} was not found, or the token cannot see it`);
  }
  return tags;
}

async function branchHead(
  client: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
): Promise<string | undefined> {
  try {
    const res = await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      owner,
      repo,
      ref: `heads/${branch}`,
    });
    return gitRefSchema.parse(res.data).object.sha;
  } catch (err) {
    if (classifyGitHubError(err).kind === 'not-found') return undefined;
    throw toResolveError(err, `${owner}/${repo} could not be read`);
  }
}

/** `commits/{ref}` peels tags and accepts SHAs; GitHub answers 422 for a ref that names nothing. */
async function commitFor(
  client: GitHubClient,
  owner: string,
  repo: string,
  ref: string,
  full: string,
): Promise<string> {
  try {
    const res = await client.request('GET /repos/{owner}/{repo}/commits/{ref}', {
      owner,
      repo,
      ref,
      headers: { accept: 'application/vnd.github.sha' },
    });
    // Anything but the 40-hex text (an object, for a client that parsed it) fails the schema, as it should.
    return shaTextSchema.parse(res.data);
  } catch (err) {
    throw toResolveError(err, `${full} has no tag, branch or commit named ${ref}`);
  }
}

/**
 * One raw-media request when action.yml exists; a second only when it does not (action.yaml); when neither does,
 * `commitVisible` must show the repository and commit readable before the answer is "no metadata".
 */
async function readActionMetadata(
  client: GitHubClient,
  repo: string,
  path: string,
  sha: string,
  commitVisible: () => Promise<void>,
): Promise<string | null> {
  const [owner, name] = split(repo);
  const dir = actionDirectory(repo, path);
  for (const file of METADATA_FILES) {
    const where = `${repo}/${dir ? `${dir}/` : ''}${file}@${sha}`;
    let data: unknown;
    try {
      // Each segment encoded on its own: Octokit's {path} would turn '/' into %2F.
      const encoded = [...(dir ? dir.split('/') : []), file].map(encodeURIComponent).join('/');
      const res = await client.request(`GET /repos/{owner}/{repo}/contents/${encoded}`, {
        owner,
        repo: name,
        ref: sha,
        headers: { accept: RAW_MEDIA_TYPE },
      });
      data = res.data;
    } catch (err) {
      const c = classifyGitHubError(err);
      // GitHub words a missing commit apart from a missing file; both are 404s.
      if (c.kind === 'not-found' && /no commit found/i.test(c.message))
        throw new ResolveError('not-found', `${repo} has no commit ${sha}`);
      if (c.kind === 'not-found') continue;
      throw toResolveError(err, `${where} could not be read`);
    }
    return metadataText(data, where);
  }
  await commitVisible();
  return null;
}

/** `path` comes from a workflow's `uses:`; `.`/`..` segments would let the URL escape the contents endpoint. */
function actionDirectory(repo: string, path: string): string {
  const dir = path.replace(/^\/+|\/+$/g, '');
  if (dir !== '' && dir.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) {
    throw new ResolveError('not-found', `${repo}/${path} is not a directory path`);
  }
  return dir;
}

/** Octokit hands back text for text/* and utf-8 bodies, bytes otherwise, and JSON for a directory or symlink object. */
function metadataText(data: unknown, where: string): string {
  let text: string;
  if (typeof data === 'string') text = data;
  else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    const bytes =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.byteLength > MAX_ACTION_METADATA_BYTES) throw tooLarge(where);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ResolveError('not-found', `${where} is not UTF-8 text`);
    }
  } else throw new ResolveError('not-found', `${where} is not a regular file`);
  if (Buffer.byteLength(text, 'utf8') > MAX_ACTION_METADATA_BYTES) throw tooLarge(where);
  return text;
}

const tooLarge = (where: string) =>
  new ResolveError('not-found', `${where} is larger than ${MAX_ACTION_METADATA_BYTES / 1024} KiB; not read`);
