import { isScalar, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { SourceFile } from '../../types.js';
import { columnAt, lineEnd, lineStart, mapOf, startsLine } from '../../yaml/ast.js';
import type { TextPatch } from '../../yaml/text-patch.js';

type Entry = YAMLMap<Scalar, Node | null>;

/** `cooldown: {default-days: N}` added after the entry's last line (or before its closing brace in flow style). */
export function addCooldown(file: SourceFile, entry: Entry, days: number): TextPatch | string {
  if (entry.flow) return beforeBrace(file, entry, `cooldown: { default-days: ${days} }`);
  const first = entry.items[0]?.key;
  if (!isScalar(first) || !first.range || !entry.range) return 'the layout of the entry could not be read';
  const col = columnAt(file.text, first.range[0]);
  const unit = nestedIndent(file, entry, col) ?? 2;
  const contentEnd = file.text.slice(0, entry.range[1]).trimEnd().length;
  const at = lineEnd(file.text, Math.max(contentEnd - 1, 0));
  const pad = ' '.repeat(col);
  return {
    start: at,
    end: at,
    text: `${file.eol}${pad}cooldown:${file.eol}${pad}${' '.repeat(unit)}default-days: ${days}`,
  };
}

/** `default-days: N` added to an existing `cooldown:` mapping, as its first entry. */
export function addDefaultDays(file: SourceFile, cooldown: Entry, days: number): TextPatch | string {
  if (cooldown.flow) {
    if (cooldown.items.length === 0) {
      if (!cooldown.range) return 'the layout of `cooldown:` could not be read';
      return {
        start: cooldown.range[0],
        end: file.text.slice(0, cooldown.range[1]).trimEnd().length,
        text: `{ default-days: ${days} }`,
      };
    }
    const firstKey = cooldown.items[0]!.key;
    if (!isScalar(firstKey) || !firstKey.range) return 'the layout of `cooldown:` could not be read';
    return { start: firstKey.range[0], end: firstKey.range[0], text: `default-days: ${days}, ` };
  }
  const firstKey = cooldown.items[0]?.key;
  if (!isScalar(firstKey) || !firstKey.range || !startsLine(file.text, firstKey.range[0]))
    return 'the layout of `cooldown:` could not be read';
  const start = lineStart(file.text, firstKey.range[0]);
  return {
    start,
    end: start,
    text: `${' '.repeat(columnAt(file.text, firstKey.range[0]))}default-days: ${days}${file.eol}`,
  };
}

/** The value of `default-days` replaced by `days`. */
export function raiseDays(pair: Pair<Scalar, Node | null>, days: number): TextPatch | string {
  const value = pair.value;
  if (!isScalar(value) || !value.range || value.anchor) return 'its value is not a plain number';
  return { start: value.range[0], end: value.range[1], text: String(days) };
}

/** How far the entry's nested block mappings are indented beyond its keys (`schedule:` → `interval:`). */
function nestedIndent(file: SourceFile, entry: Entry, col: number): number | undefined {
  for (const pair of entry.items) {
    const inner = mapOf(pair.value);
    const key = inner?.items[0]?.key;
    if (inner && !inner.flow && isScalar(key) && key.range) {
      const step = columnAt(file.text, key.range[0]) - col;
      if (step > 0) return step;
    }
  }
  return undefined;
}

/** Inserts `, text` after the last entry of a flow mapping written on its lines. */
function beforeBrace(file: SourceFile, entry: Entry, text: string): TextPatch | string {
  if (!entry.range || file.text[entry.range[1] - 1] !== '}') return 'the layout of the entry could not be read';
  const close = entry.range[1] - 1;
  const at = file.text.slice(0, close).trimEnd().length;
  return { start: at, end: at, text: entry.items.length > 0 ? `, ${text}` : text };
}
