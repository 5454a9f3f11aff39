import { createHash } from 'node:crypto';
import type { Rule } from '../../harden/rule.js';
import type { Severity } from '../../harden/severity.js';
import type { Finding } from '../../harden/types.js';
import type { ReportView } from './report-view.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * GitHub code scanning's scale for `security-severity` (docs.github.com, "SARIF support for code scanning",
 * reportingDescriptor object): over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low.
 */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

export interface SarifTool {
  version: string;
  informationUri: string;
  rules: readonly Rule[];
}

/**
 * One SARIF 2.1.0 log with one run, as GitHub code scanning accepts it: every rule described once (with its
 * severity as `security-severity`), every finding a result at its repository-relative file, line and column, with a
 * fingerprint that survives lines moving. Findings already fixed in the files written are left out.
 */
export function renderSarif(view: ReportView, tool: SarifTool): string {
  const findings = view.result.report.files
    .flatMap((f) => f.findings)
    .filter((f) => !view.hidden.has(f) && !(view.wrote && f.fixed));
  const errors = view.result.report.files.filter((f) => f.status === 'error');
  const fingerprint = fingerprints(view);
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Rampart',
            semanticVersion: tool.version,
            version: tool.version,
            informationUri: tool.informationUri,
            rules: tool.rules.map((r) => ({
              id: r.id,
              name: pascalCase(r.id),
              shortDescription: { text: r.title },
              fullDescription: { text: r.explanation },
              help: { text: `${r.help}\n\n${r.explanation}`, markdown: `${r.help}\n\n${r.explanation}` },
              defaultConfiguration: { level: LEVEL[r.severity], enabled: r.defaultEnabled },
              properties: {
                tags: ['security', 'github-actions'],
                precision: r.confidence,
                'security-severity': SECURITY_SEVERITY[r.severity],
              },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: tool.rules.findIndex((r) => r.id === f.rule),
          level: LEVEL[f.severity],
          message: { text: resultText(f, view.wrote) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.path) },
                region: {
                  startLine: f.line,
                  startColumn: Math.max(1, f.column),
                  ...(f.endLine && f.endLine > f.line ? { endLine: f.endLine } : {}),
                },
              },
            },
          ],
          partialFingerprints: { 'rampart/v1': fingerprint(f) },
          properties: { severity: f.severity, confidence: f.confidence, fixable: f.fixed },
        })),
        // Files Rampart could not read are said once each, as tool notifications rather than results of a rule.
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            toolExecutionNotifications: errors.map((f) => ({
              level: 'error',
              message: { text: `${f.path}: ${f.error ?? 'could not be read'}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.path) } } }],
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function resultText(f: Finding, wrote: boolean): string {
  const text = f.fixed && !wrote ? `${f.message} (rampart harden --write fixes this)` : f.message;
  return f.help && !f.fixed ? `${text}. ${f.help}` : text;
}

/**
 * A finding's identity apart from its line number: the rule, the file, the text of its line (trimmed) and how many
 * findings before it in that file share the three, so an alert follows its line when lines above it move.
 */
function fingerprints(view: ReportView): (f: Finding) => string {
  const ids = new Map<Finding, string>();
  const decoder = new TextDecoder();
  for (const file of view.result.report.files) {
    const bytes = view.before.get(file.path);
    const lines = bytes ? decoder.decode(bytes).split(/\r?\n/) : [];
    const seen = new Map<string, number>();
    for (const f of file.findings) {
      const base = `${f.rule}\0${f.path}\0${(lines[f.line - 1] ?? '').trim()}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      ids.set(f, `${createHash('sha256').update(`${base}\0${n}`).digest('hex').slice(0, 32)}:${n + 1}`);
    }
  }
  return (f) => ids.get(f)!;
}

const pascalCase = (id: string) => id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
