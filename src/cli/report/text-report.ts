import type { Severity } from '../../harden/severity.js';
import type { Colour } from './colour.js';
import type { ReportView } from './report-view.js';

const decoder = new TextDecoder();

export interface TextOptions {
  colour: Colour;
  /** Only what fails the check: no diff, no other finding, no summary. */
  quiet: boolean;
}

/** A unified diff of every change, then each file's findings and a summary, for people reading a terminal. */
export async function renderTextReport(view: ReportView, options: TextOptions): Promise<string> {
  const { colour: c, quiet } = options;
  const out: string[] = [];
  const { result, before } = view;
  if (!quiet && result.changes.size > 0) {
    // The diff library is loaded only when there is something to show.
    const { createTwoFilesPatch } = await import('diff');
    for (const [path, bytes] of [...result.changes].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const old = before.get(path);
      const patch = createTwoFilesPatch(
        old ? `a/${path}` : '/dev/null',
        `b/${path}`,
        old ? decoder.decode(old) : '',
        decoder.decode(bytes),
        '',
        '',
        {
          context: 3,
        },
      ).replace(/^=+\n/, '');
      out.push(c.enabled ? colourPatch(patch, c) : patch);
    }
  }
  const paint = severityPaint(c);
  for (const file of result.report.files) {
    if (file.status === 'error') {
      out.push(`${c.bold(file.path)}: ${c.red('error')}: ${file.error}`);
      continue;
    }
    for (const f of file.findings) {
      if (view.hidden.has(f) || (quiet && !view.failing.has(f))) continue;
      const state = f.fixed ? c.green(view.wrote ? 'fixed' : 'fixable') : 'found';
      out.push(
        `${c.bold(`${f.path}:${f.line}:${f.column}`)}: ${state} [${f.rule}] (${paint(f.severity)}) ${f.message}`,
      );
      if (f.help && !f.fixed) out.push(c.dim(`  help: ${f.help}`));
    }
  }
  if (!quiet) {
    const s = result.report.summary;
    out.push(
      '',
      `${s.files} file(s): ${s.changed} ${view.wrote ? 'changed' : 'would change'}, ${s.unchanged} unchanged, ${s.errors} with errors; ` +
        `${s.fixed} fix(es), ${s.reported} finding(s) to review` +
        (s.suppressed > 0 ? `, ${s.suppressed} silenced by ignore comments.` : '.'),
    );
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

function severityPaint(c: Colour): (s: Severity) => string {
  return (s) => (s === 'critical' || s === 'high' ? c.red(s) : s === 'medium' ? c.yellow(s) : c.cyan(s));
}

function colourPatch(patch: string, c: Colour): string {
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return c.bold(line);
      if (line.startsWith('+')) return c.green(line);
      if (line.startsWith('-')) return c.red(line);
      if (line.startsWith('@@')) return c.cyan(line);
      return line;
    })
    .join('\n');
}
