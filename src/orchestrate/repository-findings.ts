import { SEVERITIES } from '../harden/severity.js';
import type { Confidence, HardenReport, Severity } from '../harden/types.js';

/** A change Rampart made: a fixed finding, by file. */
export interface RepositoryChange {
  file: string;
  rule: string;
  severity: Severity;
  confidence: Confidence;
  line: number;
  column: number;
  message: string;
}

/** Every finding of a repository, fixed or left for a person. */
export interface RepositoryFinding {
  rule: string;
  severity: Severity;
  confidence: Confidence;
  path: string;
  line: number;
  column: number;
  message: string;
  fixed: boolean;
  help?: string;
}

/** The engine's findings, fixed or not: those left for a person first, most serious first; file and line order within. */
export function listFindings(report: HardenReport): RepositoryFinding[] {
  const all = report.files.flatMap((f) =>
    f.findings.map((x) => ({
      rule: x.rule,
      severity: x.severity,
      confidence: x.confidence,
      path: f.path,
      line: x.line,
      column: x.column,
      message: x.message,
      fixed: x.fixed,
      ...(x.help && !x.fixed ? { help: x.help } : {}),
    })),
  );
  // The sort is stable: file and line order stay within a severity.
  return all.sort(
    (a, b) => Number(a.fixed) - Number(b.fixed) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  );
}

/** Whether a finding is one for a person to review: not fixed, and more than information (`info`). */
export function needsReview(f: { fixed: boolean; severity: Severity }): boolean {
  return !f.fixed && f.severity !== 'info';
}

export function listChanges(report: HardenReport): RepositoryChange[] {
  return report.files.flatMap((f) =>
    f.findings
      .filter((x) => x.fixed)
      .map((x) => ({
        file: f.path,
        rule: x.rule,
        severity: x.severity,
        confidence: x.confidence,
        line: x.line,
        column: x.column,
        message: x.message,
      })),
  );
}

/** Files the engine could not process, with why: left for a person like the findings. */
export function fileErrors(report: HardenReport): Array<{ path: string; error: string }> {
  return report.files
    .filter((f) => f.status === 'error')
    .map((f) => ({ path: f.path, error: f.error ?? 'it could not be read' }));
}

/** A link to a line of a file at a commit or branch on GitHub. */
export function lineUrl(repositoryUrl: string, ref: string, path: string, line: number): string {
  return `${repositoryUrl}/blob/${ref.split('/').map(encodeURIComponent).join('/')}/${path.split('/').map(encodeURIComponent).join('/')}#L${line}`;
}
