import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SourceFile } from '../types.js';

/** A path into the document's plain-JS value: map keys and sequence indexes. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export function keyName(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

export function pairOf(map: unknown, key: string): Pair<Scalar, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (!isPair(item)) continue;
    // keyName, inlined: rules look keys up in every step and job, so this runs often.
    const k = item.key;
    if (isScalar(k) && (typeof k.value === 'string' ? k.value : String(k.value)) === key)
      return item as Pair<Scalar, Node | null>;
  }
  return undefined;
}

export function valueOf(map: unknown, key: string): Node | null | undefined {
  return pairOf(map, key)?.value ?? undefined;
}

export function mapOf(node: unknown): YAMLMap<Scalar, Node | null> | undefined {
  return isMap(node) ? (node as YAMLMap<Scalar, Node | null>) : undefined;
}

export function seqOf(node: unknown): YAMLSeq<Node | null> | undefined {
  return isSeq(node) ? (node as YAMLSeq<Node | null>) : undefined;
}

/** The string value of a scalar node; numbers and booleans are stringified as YAML wrote them. */
export function stringOf(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'string' ? node.value : String(node.value);
}

/** 1-based line of an offset. */
export function lineAt(file: SourceFile, offset: number): number {
  return file.lines.linePos(offset).line;
}

type Ranged = { range?: [number, number, number] | null } | null | undefined;

export function lineOfNode(file: SourceFile, node: Ranged): number {
  return node?.range ? lineAt(file, node.range[0]) : 1;
}

/** 1-based line and column of an offset, where a finding points. */
export function positionAt(file: SourceFile, offset: number): { line: number; column: number } {
  const p = file.lines.linePos(offset);
  return { line: p.line, column: p.col };
}

/** Where a finding about `node` points: its first character; the file's start when it has no range. */
export function positionOfNode(file: SourceFile, node: Ranged): { line: number; column: number } {
  return node?.range ? positionAt(file, node.range[0]) : { line: 1, column: 1 };
}

/** The lines `node` covers, trailing line breaks left out, for ignore comments written anywhere in it. */
export function spanOfNode(file: SourceFile, node: Ranged): { from: number; to: number } | undefined {
  if (!node?.range) return undefined;
  let end = node.range[1];
  while (end > node.range[0] && /\s/.test(file.text[end - 1]!)) end--;
  return { from: lineAt(file, node.range[0]), to: lineAt(file, Math.max(end - 1, node.range[0])) };
}

/** A finding's position at `node` and the lines it covers: spread into a RuleNote or RuleEdit. */
export function locate(
  file: SourceFile,
  node: Ranged,
): { line: number; column: number; span?: { from: number; to: number } } {
  const span = spanOfNode(file, node);
  return { ...positionOfNode(file, node), ...(span && span.to > span.from ? { span } : {}) };
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line break ending the line at `offset` (before a `\r`), or the text's length. */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

export function columnAt(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Whether nothing but spaces stands between the start of its line and `offset`. */
export function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim() === '';
}

/** The indentation step the file uses, read from the first nested block mapping under the top level. */
export function indentUnit(file: SourceFile): number {
  const root = mapOf(file.doc.contents);
  for (const item of root?.items ?? []) {
    const inner = mapOf(item.value);
    const first = inner?.items[0];
    if (inner && !inner.flow && first?.key && isScalar(first.key) && first.key.range) {
      const col = columnAt(file.text, first.key.range[0]);
      if (col > 0) return col;
    }
  }
  return 2;
}
