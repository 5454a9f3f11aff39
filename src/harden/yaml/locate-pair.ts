import type { Node, Pair } from 'yaml';
import type { SourceFile } from '../types.js';
import { lineAt, positionOfNode, spanOfNode } from './ast.js';

type Ranged = { range?: [number, number, number] | null } | null | undefined;

/** A finding about a `key: value` entry: at its key, covering its lines to the end of its value. */
export function locatePair(
  file: SourceFile,
  pair: Pair<unknown, unknown>,
): { line: number; column: number; span?: { from: number; to: number } } {
  const key = pair.key as Ranged;
  const at = positionOfNode(file, key);
  const to =
    spanOfNode(file, (pair.value as Node | null) ?? key)?.to ?? (key?.range ? lineAt(file, key.range[0]) : at.line);
  return { ...at, ...(to > at.line ? { span: { from: at.line, to } } : {}) };
}
