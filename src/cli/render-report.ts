import { createTwoFilesPatch } from 'diff';
import type { HardenResult } from '../harden/types.js';

const decoder = new TextDecoder();

/** A unified diff of every change, then each file's findings and a summary, for people reading a terminal. */
export function renderText(result: HardenResult, before: ReadonlyMap<string, Uint8Array>, wrote: boolean): string {
  const out: string[] = [];
  for (const [path, bytes] of [...result.changes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const old = before.get(path);
    out.push(
      createTwoFilesPatch(
        old ? `a/${path}` : '/dev/null',
        `b/${path}`,
        old ? decoder.decode(old) : '',
        decoder.decode(bytes),
        '',
        '',
        {
          context: 3,
        },
      ).replace(/^=+\n/, ''),
    );
  }
  for (const file of result.report.files) {
    if (file.status === 'error') {
      out.push(`${file.path}: error: ${file.error}`);
      continue;
    }
    for (const f of file.findings) {
      out.push(
        `${f.path}:${f.line}:${f.column}: ${f.fixed ? 'fixed' : 'found'} [${f.rule}] (${f.severity}) ${f.message}`,
      );
      if (f.help) out.push(`  help: ${f.help}`);
    }
  }
  const s = result.report.summary;
  out.push(
    '',
    `${s.files} file(s): ${s.changed} ${wrote ? 'changed' : 'would change'}, ${s.unchanged} unchanged, ${s.errors} with errors; ` +
      `${s.fixed} fix(es), ${s.reported} finding(s) to review` +
      (s.suppressed > 0 ? `, ${s.suppressed} silenced by ignore comments.` : '.'),
  );
  return out.join('\n') + '\n';
}

export function renderJson(result: HardenResult): string {
  return JSON.stringify(result.report, null, 2) + '\n';
}
