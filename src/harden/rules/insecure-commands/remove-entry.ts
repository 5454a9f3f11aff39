import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { SourceFile } from '../../types.js';
import { lineAt, lineStart, startsLine, type Path } from '../../yaml/ast.js';
import type { EditOp } from '../../yaml/expected-value.js';
import type { TextPatch } from '../../yaml/text-patch.js';

export interface Removal {
  patches: TextPatch[];
  ops: EditOp[];
}

type Entry = Pair<Scalar, Node | null>;

/**
 * Removes `entry` from the mapping `map` (the value of `holder`, at `mapPath`): its whole lines in block style, the
 * entry and a comma in one-line flow style. When nothing else is left, the mapping goes with it: its key's lines, or
 * `{}` when the key shares its line with a `- `. A string says why it could not be done.
 */
export function removeEntry(
  file: SourceFile,
  holder: Entry,
  map: YAMLMap<Scalar, Node | null>,
  entry: Entry,
  mapPath: Path,
): Removal | string {
  if (map.anchor) return 'the mapping carries an anchor that other nodes alias';
  if (map.items.length === 1) return removeMapping(file, holder, mapPath);
  const key = String(entry.key.value);
  const ops: EditOp[] = [{ kind: 'delete', path: [...mapPath, key] }];
  if (map.flow) {
    const cut = flowCut(file, map, entry);
    return typeof cut === 'string' ? cut : { patches: [{ ...cut, text: '' }], ops };
  }
  const lines = wholeLines(file, entry);
  return typeof lines === 'string' ? lines : { patches: [{ ...lines, text: '' }], ops };
}

function removeMapping(file: SourceFile, holder: Entry, mapPath: Path): Removal | string {
  const lines = wholeLines(file, holder);
  if (typeof lines !== 'string') return { patches: [{ ...lines, text: '' }], ops: [{ kind: 'delete', path: mapPath }] };
  // `- env: …` opens a sequence item, and `{…, env: {…}}` shares its line: the value alone becomes `{}`.
  const keyEnd = holder.key.range?.[1];
  const last = lastChar(file, holder);
  if (keyEnd === undefined || last === undefined) return lines;
  return {
    patches: [{ start: keyEnd, end: last + 1, text: ': {}' }],
    ops: [{ kind: 'set', path: mapPath, value: {} }],
  };
}

/** The lines an entry takes, line break included, when it starts its own line. */
function wholeLines(file: SourceFile, entry: Entry): { start: number; end: number } | string {
  const start = entry.key.range?.[0];
  const last = lastChar(file, entry);
  if (start === undefined || last === undefined) return 'its position in the file is unknown';
  if (!startsLine(file.text, start)) return 'it shares its line with other content';
  const nl = file.text.indexOf('\n', last);
  return { start: lineStart(file.text, start), end: nl === -1 ? file.text.length : nl + 1 };
}

/** Offset of the entry's last character of content. */
function lastChar(file: SourceFile, entry: Entry): number | undefined {
  const end = (entry.value as { range?: [number, number, number] } | null)?.range?.[1] ?? entry.key.range?.[1];
  if (end === undefined) return undefined;
  let at = end;
  while (at > 0 && /\s/.test(file.text[at - 1]!)) at--;
  return at - 1;
}

/** In a one-line flow mapping: the entry and the comma after it, or before it when it is the last. */
function flowCut(
  file: SourceFile,
  map: YAMLMap<Scalar, Node | null>,
  entry: Entry,
): { start: number; end: number } | string {
  if (!map.range || lineAt(file, map.range[0]) !== lineAt(file, map.range[1] - 1))
    return 'it is in a flow mapping over several lines';
  const i = map.items.indexOf(entry);
  const start = entry.key.range?.[0];
  const end = (entry.value as { range?: [number, number, number] } | null)?.range?.[1] ?? entry.key.range?.[1];
  if (start === undefined || end === undefined) return 'its position in the file is unknown';
  const next = map.items[i + 1]?.key;
  if (next?.range) return { start, end: next.range[0] };
  const prev = map.items[i - 1];
  const prevEnd = (prev?.value as { range?: [number, number, number] } | null)?.range?.[1] ?? prev?.key.range?.[1];
  return prevEnd === undefined ? 'its position in the file is unknown' : { start: prevEnd, end };
}
