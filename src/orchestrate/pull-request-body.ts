import { RULES } from '../harden/rules/registry.js';
import type { HardenReport, RuleId } from '../harden/types.js';

/** Marks Rampart's pull requests; a body without it was written by someone else. */
export const PR_MARKER = '<!-- rampart:harden-workflows v1 -->';

/**
 * The pull request body: every change per file and rule, why each rule matters, what was left for a person, and how
 * to review. Deterministic (no dates, stable order), so a re-run with the same result changes nothing.
 */
export function pullRequestBody(report: HardenReport, commit?: { verified: boolean; unsignedReason?: string }): string {
  const explanations = new Map(RULES.map((r) => [r.id, r]));
  const lines: string[] = [
    PR_MARKER,
    'Rampart hardened the GitHub Actions workflows of this repository. Each change is listed below with the reason for it; ' +
      'nothing else in the files was touched (comments, quoting, indentation and line endings are kept).',
    '',
    '## Changes',
  ];
  const usedRules = new Set<RuleId>();
  for (const file of report.files) {
    const fixed = file.findings.filter((f) => f.fixed);
    if (file.status !== 'changed' || fixed.length === 0) continue;
    lines.push('', `### \`${file.path}\`${file.created ? ' (new file)' : ''}`);
    for (const f of fixed) {
      usedRules.add(f.rule);
      lines.push(`- **${f.rule}** (line ${f.line}): ${f.message}`);
    }
  }
  const review = report.files.flatMap((file) => file.findings.filter((f) => !f.fixed).map((f) => ({ file, f })));
  const errors = report.files.filter((f) => f.status === 'error');
  if (review.length > 0 || errors.length > 0) {
    lines.push('', '## Left for you to review', '', 'Rampart reports these without changing them:');
    for (const e of errors) lines.push(`- \`${e.path}\`: not processed: ${e.error}`);
    for (const { file, f } of review) lines.push(`- \`${file.path}\` line ${f.line}, **${f.rule}**: ${f.message}`);
  }
  if (commit) {
    lines.push(
      '',
      commit.verified
        ? 'The commit is signed by GitHub (shown as Verified), so branch rules that require signed commits let it merge.'
        : `The commit is not signed: ${commit.unsignedReason ?? 'it was made through the Git Data API'}. Branch rules that require signed commits will block it.`,
    );
  }
  lines.push('', '## Why');
  for (const id of [...usedRules].sort()) {
    const rule = explanations.get(id);
    if (rule) lines.push('', `**${id}**: ${rule.explanation}`);
  }
  lines.push(
    '',
    '## How to review',
    '',
    '1. Read the diff file by file; every changed line is named in the list above.',
    '2. For each pinned action, the comment after the SHA names the tag it came from; check that the tag is the one you meant.',
    '3. For new `permissions:` blocks, check the `# for …` comment of each scope against what the job does.',
    '4. Let the workflows run on this pull request: harden-runner is in audit mode and blocks nothing.',
    '',
    'Rampart updates this pull request when it runs again; close it to stop, or merge it to keep the changes.',
  );
  return lines.join('\n') + '\n';
}
