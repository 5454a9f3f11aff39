import type { RuleEdits } from '../apply-edits.js';
import type { Rule, RuleEdit, RuleNote } from '../rule.js';
import type { SourceFile, SuppressedCounts } from '../types.js';
import { ignoreComments } from './ignore-comments.js';

/**
 * Drops the edits and notes the file's ignore comments silence, before any edit is applied: a silenced line stays as
 * its author wrote it. What was dropped is only counted.
 */
export function suppress<N extends { rule: Rule; note: RuleNote }>(
  file: SourceFile,
  edits: readonly RuleEdits[],
  notes: readonly N[],
): { edits: RuleEdits[]; notes: N[]; suppressed?: SuppressedCounts } {
  const ignores = ignoreComments(file);
  if (!ignores) return { edits: [...edits], notes: [...notes] };
  const suppressed: SuppressedCounts = {};
  const silenced = (rule: RuleEdits['rule'], item: RuleNote | RuleEdit) => {
    const end = 'endLine' in item && item.endLine ? item.endLine : item.line;
    const span = item.span ?? { from: item.line, to: end };
    if (!ignores.silences(rule, item.line, { from: Math.min(span.from, item.line), to: Math.max(span.to, end) }))
      return false;
    suppressed[rule] = (suppressed[rule] ?? 0) + 1;
    return true;
  };
  const keptEdits = edits
    .map((group) => ({ rule: group.rule, edits: group.edits.filter((e) => !silenced(group.rule, e)) }))
    .filter((g) => g.edits.length > 0);
  const keptNotes = notes.filter((n) => !silenced(n.rule.id, n.note));
  return { edits: keptEdits, notes: keptNotes, ...(Object.keys(suppressed).length > 0 ? { suppressed } : {}) };
}
