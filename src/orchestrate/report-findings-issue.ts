import { classifyGitHubError } from '../github/classify-github-error.js';
import { ensureFindingsIssue, findingsIssueWrites, type FindingsIssueWanted } from '../github/findings-issue.js';
import type { GitHubClient } from '../github/octokit-factory.js';
import type { RepositorySnapshot } from '../github/repository-snapshot.js';
import { closedIssueBody, findingsIssueBody, FINDINGS_ISSUE_TITLE } from './findings-issue-body.js';
import type { RepositoryFinding } from './repository-findings.js';

export interface FindingsIssuePlan {
  /** What the issue should say; null when findings do not go to an issue, or the issue cannot be used (`note` says why). */
  want: Omit<FindingsIssueWanted, 'repository'> | null;
  /** Requests ensureFindingsIssue will make: counted with the run's other writes against GitHub's limit. */
  writes: 0 | 1;
  note?: string;
}

export interface FindingsIssueRef {
  number: number;
  url: string;
  state: 'open' | 'closed';
}

/** What the findings issue needs this run, from the snapshot alone (no request). */
export function planFindingsIssue(
  snapshot: RepositorySnapshot,
  branch: string,
  review: readonly RepositoryFinding[],
  errors: ReadonlyArray<{ path: string; error: string }>,
): FindingsIssuePlan {
  const existing = snapshot.findingsIssue;
  if (existing === undefined) return { want: null, writes: 0 };
  if (!snapshot.issuesEnabled)
    return {
      want: null,
      writes: 0,
      note: `issues are turned off in ${snapshot.repository}, so no findings issue was opened`,
    };
  if (existing !== null && 'unreadable' in existing)
    return {
      want: null,
      writes: 0,
      note: `the findings issue could not be read (${existing.unreadable}); the credential needs Issues (read and write)`,
    };
  const nothing = review.length === 0 && errors.length === 0;
  const want = {
    title: FINDINGS_ISSUE_TITLE,
    body: nothing ? null : findingsIssueBody({ repositoryUrl: snapshot.url, branch, review, errors }),
    closingBody: closedIssueBody(),
    existing,
  };
  return { want, writes: findingsIssueWrites(want) };
}

/** Writes the findings issue as planned; a refusal (no Issues permission, issues turned off) becomes a note, not a failure. */
export async function applyFindingsIssue(
  client: GitHubClient,
  repository: string,
  plan: FindingsIssuePlan,
): Promise<{ issue?: FindingsIssueRef; note?: string }> {
  if (!plan.want) return plan.note ? { note: plan.note } : {};
  try {
    const result = await ensureFindingsIssue(client, { repository, ...plan.want });
    return result ? { issue: { number: result.number, url: result.url, state: result.state } } : {};
  } catch (err) {
    const c = classifyGitHubError(err);
    const refused = c.kind === 'forbidden' || c.kind === 'not-found' || c.kind === 'validation' || c.status === 410;
    if (!refused) throw err;
    return {
      note: `the findings issue could not be written (GitHub answered: ${c.message}); the credential needs Issues (read and write)`,
    };
  }
}
