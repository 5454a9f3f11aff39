import { z } from 'zod';
import { ResolveError, type ActionResolver, type ResolvedRef } from '../harden/resolver/action-resolver.js';
import { mostSpecificTag } from '../harden/resolver/most-specific-tag.js';
import type { GitHubClient } from './octokit-factory.js';
import { classifyGitHubError } from './classify-github-error.js';

const tagListSchema = z.array(z.object({ name: z.string(), commit: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/) }) }));
const gitRefSchema = z.object({ object: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/), type: z.string() }) });
const shaTextSchema = z.string().trim().regex(/^[0-9a-f]{40}$/, 'GitHub did not answer with a commit SHA');

/** pinact's bound: ten pages of tags cover the release history of nearly every action. */
const MAX_TAG_PAGES = 10;

/**
 * Resolves action refs through the REST API. One tag listing per repository (its SHAs are already peeled) answers
 * both ref → commit and commit → most specific tag; branches and bare SHAs cost one more call each.
 */
export function githubActionResolver(client: GitHubClient): ActionResolver {
  const tagLists = new Map<string, Promise<Map<string, string>>>();
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

  return {
    async resolve(repo, ref): Promise<ResolvedRef> {
      const tags = await tagsOf(repo);
      const name = ref.replace(/^refs\/tags\//, '');
      const tagged = tags.get(name);
      if (tagged) return { sha: tagged, tag: mostSpecificTag(tagsOn(tags, tagged), name), refType: 'tag' };
      const [owner, repoName] = split(repo);
      const branch = /^[0-9a-f]{7,40}$/i.test(ref) ? undefined : await branchHead(client, owner, repoName, ref.replace(/^refs\/heads\//, ''));
      if (branch) return { sha: branch, tag: mostSpecificTag(tagsOn(tags, branch)), refType: 'branch' };
      const sha = await commitFor(client, owner, repoName, ref, repo);
      return { sha, tag: mostSpecificTag(tagsOn(tags, sha)), refType: 'commit' };
    },
    async tagFor(repo, sha) {
      return mostSpecificTag(tagsOn(await tagsOf(repo), sha.toLowerCase()));
    },
  };
}

function split(repo: string): [string, string] {
  const [owner, name] = repo.split('/');
  if (!owner || !name) throw new ResolveError('not-found', `${repo} is not owner/repo`);
  return [owner, name];
}

async function listTags(client: GitHubClient, repo: string): Promise<Map<string, string>> {
  const [owner, name] = split(repo);
  const tags = new Map<string, string>();
  try {
    for (let page = 1; page <= MAX_TAG_PAGES; page++) {
      const res = await client.request('GET /repos/{owner}/{repo}/tags', { owner, repo: name, per_page: 100, page });
      const list = tagListSchema.parse(res.data);
      for (const t of list) if (!tags.has(t.name)) tags.set(t.name, t.commit.sha);
      if (list.length < 100) break;
    }
  } catch (err) {
    throw toResolveError(err, `${repo} was not found, or the token cannot see it`);
  }
  return tags;
}

async function branchHead(client: GitHubClient, owner: string, repo: string, branch: string): Promise<string | undefined> {
  try {
    const res = await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${branch}` });
    return gitRefSchema.parse(res.data).object.sha;
  } catch (err) {
    if (classifyGitHubError(err).kind === 'not-found') return undefined;
    throw toResolveError(err, `${owner}/${repo} could not be read`);
  }
}

/** `commits/{ref}` peels tags and accepts SHAs; GitHub answers 422 for a ref that names nothing. */
async function commitFor(client: GitHubClient, owner: string, repo: string, ref: string, full: string): Promise<string> {
  try {
    const res = await client.request('GET /repos/{owner}/{repo}/commits/{ref}', {
      owner,
      repo,
      ref,
      headers: { accept: 'application/vnd.github.sha' },
    });
    return shaTextSchema.parse(typeof res.data === 'string' ? res.data : String(res.data));
  } catch (err) {
    throw toResolveError(err, `${full} has no tag, branch or commit named ${ref}`);
  }
}

function toResolveError(err: unknown, notFound: string): ResolveError {
  if (err instanceof ResolveError) return err;
  const c = classifyGitHubError(err);
  if (c.kind === 'not-found' || c.kind === 'validation') return new ResolveError('not-found', notFound);
  if (c.kind === 'unauthorized' || c.kind === 'forbidden') return new ResolveError('no-access', c.message);
  return new ResolveError('unavailable', c.message);
}
