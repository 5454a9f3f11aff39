import { RULES } from '../harden/rules/registry.js';
import { SEVERITIES } from '../harden/severity.js';
import type { HardenReport, RuleId } from '../harden/types.js';
import { fingerprintMarker } from './change-fingerprint.js';
import type { ReportFindings } from './orchestrate-options.js';

/** Marks Rampart's pull requests; a body without it was written by someone else. */
export const PR_MARKER = '<!-- rampart:harden-workflows v1 -->';

export interface PullRequestBodyContext {
  commit?: { verified: boolean; unsignedReason?: string | undefined } | undefined;
  /** Where findings left for a person are written; `pull-request` (the default) lists them in the body. */
  reportFindings?: ReportFindings;
  /** Rampart's findings issue, when they went to one. */
  issue?: { number: number } | undefined;
  /** The egress policy asked for, the one written, and the endpoints it allows. */
  egress?: { requested: 'audit' | 'block'; applied: 'audit' | 'block'; endpoints: readonly string[] } | undefined;
  /** The change set's fingerprint (change-fingerprint.ts): a closed pull request tells by it which changes were declined. */
  fingerprint?: string | undefined;
}

/**
 * The pull request body: every change per file and rule, why each rule matters, what was left for a person, and how
 * to review. Deterministic (no dates, stable order), so a re-run with the same result changes nothing.
 */
export function pullRequestBody(report: HardenReport, context: PullRequestBodyContext = {}): string {
  const explanations = new Map(RULES.map((r) => [r.id, r]));
  const lines: string[] = [
    PR_MARKER,
    ...(context.fingerprint ? [fingerprintMarker(context.fingerprint)] : []),
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
      lines.push(`- **${f.rule}** (line ${f.line}, ${f.severity}): ${f.message}`);
    }
  }
  const egress = usedRules.has('harden-runner') ? egressSentence(context.egress) : null;
  if (egress) lines.push('', egress);
  lines.push(...reviewSection(report, context));
  const silenced = report.summary.suppressed;
  if (silenced > 0) {
    lines.push(
      '',
      `${silenced} finding(s) were left alone because the files silence them with \`# rampart: ignore[…]\` or \`# zizmor: ignore[…]\` comments.`,
    );
  }
  const { commit } = context;
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
  const block = context.egress?.applied === 'block';
  lines.push(
    '',
    '## How to review',
    '',
    '1. Read the diff file by file; every changed line is named in the list above.',
    '2. For each pinned action, the comment after the SHA names the tag it came from; check that the tag is the one you meant.',
    '3. For new `permissions:` blocks, check the `# for …` comment of each scope against what the job does.',
    block
      ? '4. Let the workflows run on this pull request: harden-runner blocks every endpoint not listed in `allowed-endpoints`, so a job that fails on a network call needs that endpoint added.'
      : '4. Let the workflows run on this pull request: harden-runner is in audit mode and blocks nothing.',
    '',
    'Rampart updates this pull request when it runs again; close it to stop, or merge it to keep the changes. A closed pull request is not offered again with the same changes.',
  );
  return lines.join('\n') + '\n';
}

/** The findings left for a person, where the options send them: here, in the findings issue, or nowhere. */
function reviewSection(report: HardenReport, context: PullRequestBodyContext): string[] {
  // Most serious first; the stable sort keeps file and line order within a severity.
  const review = report.files
    .flatMap((file) => file.findings.filter((f) => !f.fixed).map((f) => ({ file, f })))
    .sort((a, b) => SEVERITIES.indexOf(a.f.severity) - SEVERITIES.indexOf(b.f.severity));
  const errors = report.files.filter((f) => f.status === 'error');
  const mode = context.reportFindings ?? 'pull-request';
  if (review.length === 0 && errors.length === 0) return [];
  if (mode === 'issue' && context.issue) {
    return [
      '',
      '## Left for you to review',
      '',
      `Rampart reports ${review.length + errors.length} finding(s) it does not change in issue #${context.issue.number}.`,
    ];
  }
  const out = ['', '## Left for you to review', '', 'Rampart reports these without changing them:'];
  for (const e of errors) out.push(`- \`${e.path}\`: not processed: ${e.error}`);
  if (mode === 'none') return errors.length > 0 ? out : [];
  for (const { file, f } of review) {
    out.push(
      `- **${f.severity}** \`${file.path}\` line ${f.line}, **${f.rule}**: ${f.message}${f.help ? `. To fix by hand: ${f.help}` : ''}`,
    );
  }
  return out;
}

function egressSentence(egress: PullRequestBodyContext['egress']): string {
  if (!egress || egress.applied === 'audit') {
    const asked =
      egress?.requested === 'block'
        ? ' (`block` was asked for, but no allowed endpoints were given, so audit was applied)'
        : '';
    return `harden-runner is added with \`egress-policy: audit\`${asked}: it records every outbound call of the job and blocks none. Its insights page lists the endpoints each job reached, which become \`allowed-endpoints\` when you switch to \`block\`.`;
  }
  return `harden-runner is added with \`egress-policy: block\`: each job may reach only ${egress.endpoints.map((e) => `\`${e}\``).join(', ')}; every other outbound call is blocked.`;
}
