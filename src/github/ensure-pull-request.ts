import { z } from 'zod';
import { classifyGitHubError } from './classify-github-error.js';
import type { GitHubClient } from './octokit-factory.js';
import type { OpenPull } from './repository-snapshot.js';

const pullSchema = z.object({
  number: z.number().int(),
  html_url: z.string(),
  title: z.string(),
  body: z.string().nullable(),
});

export interface PullRequestWanted {
  repository: string;
  branch: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
  /** Rampart's open pull request, as the snapshot saw it. */
  existing: OpenPull | null;
}

export interface PullRequestResult {
  number: number;
  url: string;
  action: 'opened' | 'updated' | 'unchanged';
}

/**
 * One pull request per repository: the open one is updated (title and body only when they differ), otherwise one is
 * opened; GitHub's "already exists" answer (a retry, a stale snapshot) is turned into an update of that one.
 */
export async function ensurePullRequest(client: GitHubClient, want: PullRequestWanted): Promise<PullRequestResult> {
  const [owner, repo] = want.repository.split('/') as [string, string];
  if (want.existing)
    return updateIfNeeded(
      client,
      owner,
      repo,
      want,
      want.existing.number,
      want.existing.url,
      want.existing.title,
      want.existing.body,
    );
  try {
    const res = await client.request('POST /repos/{owner}/{repo}/pulls', {
      owner,
      repo,
      title: want.title,
      head: want.branch,
      base: want.base,
      body: want.body,
      draft: want.draft,
    });
    const pr = pullSchema.parse(res.data);
    return { number: pr.number, url: pr.html_url, action: 'opened' };
  } catch (err) {
    const c = classifyGitHubError(err);
    if (
      c.kind !== 'validation' ||
      !/already exists/i.test(JSON.stringify((err as { response?: { data?: unknown } }).response?.data ?? c.message))
    )
      throw err;
    const list = await client.request('GET /repos/{owner}/{repo}/pulls', {
      owner,
      repo,
      head: `${owner}:${want.branch}`,
      state: 'open',
      per_page: 5,
    });
    const found = z.array(pullSchema).parse(list.data)[0];
    if (!found) throw err;
    return updateIfNeeded(client, owner, repo, want, found.number, found.html_url, found.title, found.body ?? '');
  }
}

async function updateIfNeeded(
  client: GitHubClient,
  owner: string,
  repo: string,
  want: PullRequestWanted,
  number: number,
  url: string,
  title: string,
  body: string,
): Promise<PullRequestResult> {
  if (title === want.title && body === want.body) return { number, url, action: 'unchanged' };
  await client.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
    owner,
    repo,
    pull_number: number,
    title: want.title,
    body: want.body,
  });
  return { number, url, action: 'updated' };
}
