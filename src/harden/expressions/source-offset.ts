import { isScalar, type Node } from 'yaml';
import type { SourceFile } from '../types.js';

/**
 * Where `value.slice(from, to)` of a string scalar sits in the file: the k-th time that text occurs in the value is
 * the k-th time it occurs in the scalar's source, provided it occurs as often in both (quoting, folding and escapes
 * leave text without quotes, backslashes or line breaks as it is). Undefined when that cannot be told.
 */
export function sourceOffset(
  file: SourceFile,
  node: Node | null | undefined,
  from: number,
  to: number,
): number | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const piece = node.value.slice(from, to);
  if (piece === '' || /['"\\\r\n]/.test(piece)) return undefined;
  const inValue = occurrences(node.value, piece);
  const raw = file.text.slice(node.range[0], node.range[1]);
  const inRaw = occurrences(raw, piece);
  const k = inValue.indexOf(from);
  if (k === -1 || inValue.length !== inRaw.length) return undefined;
  return node.range[0] + inRaw[k]!;
}

function occurrences(text: string, piece: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(piece); at !== -1; at = text.indexOf(piece, at + 1)) out.push(at);
  return out;
}
