import { z } from 'zod';
import type { GitHubClient } from './octokit-factory.js';

/** The label Rampart's findings issue carries: only people with push access can set labels, so it cannot be faked by others. */
export const FINDINGS_ISSUE_LABEL = 'rampart';
/** Marks Rampart's findings issue; an issue labelled `rampart` without it was written by someone else. */
export const FINDINGS_ISSUE_MARKER = '<!-- rampart:findings v1 -->';

export function isFindingsIssue(body: string): boolean {
  return body.includes(FINDINGS_ISSUE_MARKER);
}

/** Rampart's open findings issue, as the snapshot read it. */
export interface FindingsIssue {
  number: number;
  url: string;
  title: string;
  body: string;
}

const issueSchema = z.object({ number: z.number().int(), html_url: z.string(), state: z.enum(['open', 'closed']) });

export interface FindingsIssueWanted {
  repository: string;
  title: string;
  /** The body with findings to review, or null when none are left: the open issue is closed with `closingBody`. */
  body: string | null;
  closingBody: string;
  /** Rampart's open findings issue, as the snapshot saw it. */
  existing: FindingsIssue | null;
}

export interface FindingsIssueResult {
  number: number;
  url: string;
  state: 'open' | 'closed';
  action: 'opened' | 'updated' | 'closed' | 'unchanged';
}

/** How many writes ensureFindingsIssue will make: 0 when the issue already says it (or there is nothing and no issue). */
export function findingsIssueWrites(want: Omit<FindingsIssueWanted, 'repository'>): 0 | 1 {
  if (want.body === null) return want.existing ? 1 : 0;
  return want.existing && want.existing.title === want.title && want.existing.body === want.body ? 0 : 1;
}

/**
 * One findings issue per repository, like the pull request: opened when there are findings and none is open, edited
 * in place when they change, closed (completed) when none are left. At most one request, none when nothing changed.
 */
export async function ensureFindingsIssue(
  client: GitHubClient,
  want: FindingsIssueWanted,
): Promise<FindingsIssueResult | null> {
  const [owner, repo] = want.repository.split('/') as [string, string];
  const { existing } = want;
  if (want.body === null) {
    if (!existing) return null;
    const res = await client.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      owner,
      repo,
      issue_number: existing.number,
      body: want.closingBody,
      state: 'closed',
      state_reason: 'completed',
    });
    const issue = issueSchema.parse(res.data);
    return { number: issue.number, url: issue.html_url, state: issue.state, action: 'closed' };
  }
  if (existing) {
    if (existing.title === want.title && existing.body === want.body)
      return { number: existing.number, url: existing.url, state: 'open', action: 'unchanged' };
    const res = await client.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      owner,
      repo,
      issue_number: existing.number,
      title: want.title,
      body: want.body,
    });
    const issue = issueSchema.parse(res.data);
    return { number: issue.number, url: issue.html_url, state: issue.state, action: 'updated' };
  }
  const res = await client.request('POST /repos/{owner}/{repo}/issues', {
    owner,
    repo,
    title: want.title,
    body: want.body,
    labels: [FINDINGS_ISSUE_LABEL],
  });
  const issue = issueSchema.parse(res.data);
  return { number: issue.number, url: issue.html_url, state: issue.state, action: 'opened' };
}
