import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { PermissionScope } from '../../knowledge/action-permissions.js';
import type { SourceFile } from '../../types.js';
import { columnAt, indentUnit, lineStart, pairOf, startsLine } from '../../yaml/ast.js';
import type { TextPatch } from '../../yaml/text-patch.js';
import type { ScopeGrant } from './needs.js';

/**
 * `permissions:\n  contents: read` (or `permissions: {}`) before the top-level `jobs:` key, above any comment lines
 * that belong to it, with a blank line after it when the file separates its top-level keys with one.
 */
export function topLevelPatch(
  file: SourceFile,
  jobsKey: Scalar,
  grants: ReadonlyMap<PermissionScope, ScopeGrant>,
): TextPatch | string {
  const { text, eol } = file;
  if (!jobsKey.range || !startsLine(text, jobsKey.range[0])) return 'the jobs: key does not start its line';
  const column = columnOf(text, jobsKey.range[0]);
  let at = lineStart(text, jobsKey.range[0]);
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    const line = text.slice(prev, at).replace(/\r?\n$/, '');
    if (!(line.trimStart().startsWith('#') && line.length - line.trimStart().length === column)) break;
    at = prev;
  }
  // A BOM stays the file's first character.
  if (at === 0 && text.startsWith('\uFEFF')) at = 1;
  const before = at > 1 ? text.slice(lineStart(text, at - 1), at).trim() : 'x';
  const pad = ' '.repeat(column);
  const unit = ' '.repeat(indentUnit(file));
  const block = blockLines(pad, unit, grants).join(eol) + eol;
  return { start: at, end: at, text: before === '' ? `${block}${eol}` : block };
}

/**
 * A job-level block with one `scope: level  # for …` line per scope, inserted after `runs-on:` (after `uses:` in a job
 * that calls a reusable workflow), else as the job's first key.
 */
export function jobBlockPatch(
  file: SourceFile,
  job: YAMLMap<Scalar, Node | null>,
  grants: ReadonlyMap<PermissionScope, ScopeGrant>,
): TextPatch | string {
  const { text, eol } = file;
  if (job.flow) return 'the job is written in flow style';
  const first = job.items[0];
  if (!first?.key?.range) return 'the job has no keys';
  const anchor = (pairOf(job, 'runs-on') ?? pairOf(job, 'uses')) as Pair<Scalar, Node | null> | undefined;
  let at: number;
  let column: number;
  if (anchor?.key?.range && anchor.value?.range && startsLine(text, anchor.key.range[0])) {
    column = columnOf(text, anchor.key.range[0]);
    at = anchor.value.range[1];
    if (!(at > 0 && text[at - 1] === '\n')) {
      const nl = text.indexOf('\n', at);
      at = nl === -1 ? text.length : nl + 1;
    }
  } else {
    if (!startsLine(text, first.key.range[0])) return "the job's first key does not start its line";
    column = columnOf(text, first.key.range[0]);
    at = lineStart(text, first.key.range[0]);
  }
  const block = blockLines(' '.repeat(column), ' '.repeat(indentUnit(file)), grants).join(eol) + eol;
  const lead = at === text.length && text.length > 0 && !text.endsWith('\n') ? eol : '';
  return { start: at, end: at, text: lead + block };
}

/** `permissions: {}`, or the key and one `scope: level  # for …` line per scope. */
function blockLines(pad: string, unit: string, grants: ReadonlyMap<PermissionScope, ScopeGrant>): string[] {
  if (grants.size === 0) return [`${pad}permissions: {}`];
  const lines = [`${pad}permissions:`];
  for (const [scope, g] of grants)
    lines.push(`${pad}${unit}${scope}: ${g.level}${g.reasons.length ? `  # for ${g.reasons.join(', ')}` : ''}`);
  return lines;
}

/** Replaces a scalar `permissions: write-all` (or `read-all`) value with the given grants, in block style. */
export function replaceValuePatch(
  file: SourceFile,
  pair: Pair<Scalar, Node | null>,
  grants: ReadonlyMap<PermissionScope, ScopeGrant>,
): TextPatch | string {
  const value = pair.value;
  if (!value?.range || !pair.key.range) return 'its value could not be located';
  if (!startsLine(file.text, pair.key.range[0])) return 'the permissions: key does not start its line';
  const [start, end] = value.range;
  if (grants.size === 0) return { start, end, text: '{}' };
  const pad = ' '.repeat(columnOf(file.text, pair.key.range[0]));
  const lines = blockLines(pad, ' '.repeat(indentUnit(file)), grants).slice(1);
  // The key keeps its line; the value becomes the lines below it.
  const keyEnd = file.text.lastIndexOf(':', start) + 1;
  return { start: keyEnd, end, text: file.eol + lines.join(file.eol) };
}

/** The column as an editor shows it: a BOM at the start of the file takes no room. */
function columnOf(text: string, offset: number): number {
  const col = columnAt(text, offset);
  return lineStart(text, offset) === 0 && text.startsWith('\uFEFF') ? col - 1 : col;
}
