import type { Severity } from '../../harden/severity.js';
import type { Finding } from '../../harden/types.js';
import type { ReportView } from './report-view.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

/**
 * GitHub Actions workflow commands, one per finding (`::error file=…,line=…,col=…,title=…::message`), so a plain CI
 * log shows them on the lines of the pull request. Findings that fail the check are errors whatever their severity.
 */
export function renderGithubAnnotations(view: ReportView): string {
  const out: string[] = [];
  for (const file of view.result.report.files) {
    if (file.status === 'error')
      out.push(
        command('error', { file: file.path, title: 'rampart: file not processed' }, file.error ?? 'could not be read'),
      );
    for (const f of file.findings) {
      if (view.hidden.has(f) || (view.wrote && f.fixed)) continue;
      const kind = view.failing.has(f) ? 'error' : COMMAND[f.severity];
      const props = {
        file: f.path,
        line: String(f.line),
        col: String(f.column),
        ...(f.endLine && f.endLine > f.line ? { endLine: String(f.endLine) } : {}),
        title: `rampart ${f.rule} (${f.severity})`,
      };
      out.push(command(kind, props, message(f, view.wrote)));
    }
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

function message(f: Finding, wrote: boolean): string {
  const text = f.fixed && !wrote ? `${f.message} (rampart harden --write fixes this)` : f.message;
  return f.help && !f.fixed ? `${text}\n${f.help}` : text;
}

/**
 * The escaping of @actions/core's command.ts (github.com/actions/toolkit, packages/core/src/command.ts): `%`, CR and
 * LF in the message; those and `:` and `,` in property values.
 */
function command(kind: string, props: Record<string, string>, text: string): string {
  const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const list = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${kind} ${list}::${escapeData(text)}`;
}
