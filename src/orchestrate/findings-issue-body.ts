import { FINDINGS_ISSUE_MARKER } from '../github/findings-issue.js';
import { lineUrl, type RepositoryFinding } from './repository-findings.js';

export const FINDINGS_ISSUE_TITLE = 'Rampart: GitHub Actions findings to review';
// GitHub refuses issue bodies over 65,536 characters; the list stops well before.
const MAX_BODY = 60_000;

export interface FindingsIssueInput {
  repositoryUrl: string;
  /** The default branch: links name it rather than a commit, so the body only changes when the findings do. */
  branch: string;
  review: readonly RepositoryFinding[];
  errors: ReadonlyArray<{ path: string; error: string }>;
}

/**
 * The findings issue: what Rampart could not fix, most serious first, each with its file and line linked on GitHub
 * and how to fix it by hand. Deterministic (no dates, run ids or pull request numbers), so an unchanged list means no write.
 */
export function findingsIssueBody(input: FindingsIssueInput): string {
  const head = [
    FINDINGS_ISSUE_MARKER,
    'Rampart checked the GitHub Actions workflows of this repository and found these problems, which it does not change by itself: ' +
      'each needs a person to judge it. They are listed most serious first, with the line they are on.',
    '',
    '## To review',
    '',
  ];
  const items = [
    ...input.errors.map((e) => `- [ ] \`${e.path}\`: not processed: ${e.error}`),
    ...input.review.map((f) => {
      const where = `[\`${f.path}\` line ${f.line}](${lineUrl(input.repositoryUrl, input.branch, f.path, f.line)})`;
      return `- [ ] **${f.severity}** ${where}, **${f.rule}**: ${f.message}${f.help ? `. To fix by hand: ${f.help}` : ''}`;
    }),
  ];
  const tail = [
    '',
    'Rampart updates this issue when it runs again and closes it when nothing is left. Silence a finding you accept with a `# rampart: ignore[rule]` comment on its line.',
  ];
  const lines = [...head];
  let size = [...head, ...tail].join('\n').length;
  for (const [i, item] of items.entries()) {
    if (size + item.length + 1 > MAX_BODY) {
      lines.push(`- … and ${items.length - i} more (the run's page lists them all)`);
      break;
    }
    lines.push(item);
    size += item.length + 1;
  }
  return [...lines, ...tail].join('\n') + '\n';
}

export function closedIssueBody(): string {
  return `${FINDINGS_ISSUE_MARKER}\nRampart's latest run found nothing left to review in the GitHub Actions workflows of this repository, so it closed this issue. It opens a new one if findings come back.\n`;
}
