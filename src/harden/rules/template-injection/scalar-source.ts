import { isAlias, isScalar, type Node } from 'yaml';
import type { SourceFile } from '../../types.js';

/** A string scalar's value, and where each part of it is written verbatim in the file. */
export interface ScalarSource {
  value: string;
  /** The file span that holds `value[start, end)` character for character, or undefined (escapes, line folds). */
  sourceOf(start: number, end: number): { start: number; end: number } | undefined;
  /** Writes text as it must appear inside this scalar's quoting. */
  encode(text: string): string;
}

/** A run of `len` value characters written verbatim at file offset `src`. */
interface Segment {
  v: number;
  src: number;
  len: number;
}

/**
 * Maps a string scalar's value to its source: block scalars (literal or folded, any chomping or indentation
 * indicator) line by line, plain scalars line by line, single-line quoted scalars character by character around
 * their escapes. Returns why not when the node cannot be patched in place. Offsets are JS string indexes throughout,
 * the same units as `node.range`, so non-ASCII text before an expression cannot shift anything.
 */
export function scalarSource(file: SourceFile, node: Node | null): ScalarSource | string {
  if (isAlias(node)) return 'the script is an alias of another node';
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return 'the script is not a string';
  if (node.anchor) return 'the script carries an anchor that other nodes alias';
  const value = node.value;
  const [start, end] = node.range;
  const raw = file.text.slice(start, end);
  let segments: Segment[] | undefined;
  let encode = (t: string) => t;
  switch (node.type) {
    case 'PLAIN':
      segments = searchSegments(value, plainPieces(file.text, start, end));
      break;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      segments = searchSegments(value, blockPieces(file.text, start, end, value));
      break;
    case 'QUOTE_SINGLE':
      if (raw.includes('\n')) return 'the script is a quoted scalar over several lines';
      segments = quotedSegments(raw, start, value, "'");
      encode = (t) => t.replace(/'/g, "''");
      break;
    case 'QUOTE_DOUBLE':
      if (raw.includes('\n')) return 'the script is a quoted scalar over several lines';
      segments = quotedSegments(raw, start, value, '"');
      encode = (t) => t.replace(/[\\"]/g, (c) => `\\${c}`);
      break;
    default:
      return 'the script has an unknown scalar style';
  }
  if (!segments) return 'the script could not be mapped to its source text';
  const found = segments;
  return {
    value,
    encode,
    sourceOf(from, to) {
      const seg = found.find((s) => s.v <= from && to <= s.v + s.len);
      if (!seg) return undefined;
      const span = { start: seg.src + (from - seg.v), end: seg.src + (to - seg.v) };
      return file.text.slice(span.start, span.end) === value.slice(from, to) ? span : undefined;
    },
  };
}

interface Piece {
  src: number;
  text: string;
}

/** Lines of a plain scalar, trimmed as folding trims them. */
function plainPieces(text: string, start: number, end: number): Piece[] {
  const pieces: Piece[] = [];
  let at = start;
  while (at < end) {
    const nl = text.indexOf('\n', at);
    const stop = nl === -1 || nl > end ? end : nl;
    const line = text.slice(at, stop);
    const lead = line.length - line.trimStart().length;
    const body = line.trim();
    if (body !== '') pieces.push({ src: at + lead, text: body });
    at = stop + 1;
  }
  return pieces;
}

/** Content lines of a block scalar with the block's indentation removed. */
function blockPieces(text: string, start: number, end: number, value: string): Piece[] | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd === -1 || headerEnd >= end) return [];
  const lines: { at: number; line: string }[] = [];
  let at = headerEnd + 1;
  while (at < end) {
    const nl = text.indexOf('\n', at);
    const stop = nl === -1 || nl > end ? end : nl;
    lines.push({ at, line: text.slice(at, stop).replace(/\r$/, '') });
    at = stop + 1;
  }
  const first = lines.find((l) => l.line.trim() !== '');
  if (!first) return [];
  // The first content line appears in the value after any leading empty lines, with only the block's indent removed.
  const valueLead = /^\n*( *)/.exec(value)![1]!.length;
  const indent = first.line.length - first.line.trimStart().length - valueLead;
  if (indent < 0) return undefined;
  const pieces: Piece[] = [];
  for (const { at: lineAt, line } of lines) {
    if (line.length <= indent) {
      if (line.trim() !== '') return undefined;
      continue;
    }
    if (line.slice(0, indent).trim() !== '') return undefined;
    pieces.push({ src: lineAt + indent, text: line.slice(indent) });
  }
  return pieces;
}

/** Places each piece in the value in order; what lies between pieces must be line breaks or folding spaces. */
function searchSegments(value: string, pieces: Piece[] | undefined): Segment[] | undefined {
  if (!pieces) return undefined;
  const segments: Segment[] = [];
  let cursor = 0;
  for (const piece of pieces) {
    const at = value.indexOf(piece.text, cursor);
    if (at === -1 || !/^[ \n]*$/.test(value.slice(cursor, at))) return undefined;
    segments.push({ v: at, src: piece.src, len: piece.text.length });
    cursor = at + piece.text.length;
  }
  return /^[ \n]*$/.test(value.slice(cursor)) ? segments : undefined;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_WIDTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Verbatim runs of a one-line quoted scalar; escapes (`''`, `\n`, `\"`) end a run. */
function quotedSegments(raw: string, start: number, value: string, quote: "'" | '"'): Segment[] | undefined {
  const segments: Segment[] = [];
  let decoded = '';
  let run: Segment | undefined;
  let i = 1;
  const last = raw.length - 1;
  while (i < last) {
    const c = raw[i]!;
    let escaped: string | undefined;
    let width = 1;
    if (quote === "'" && c === "'" && raw[i + 1] === "'") {
      escaped = "'";
      width = 2;
    } else if (quote === '"' && c === '\\') {
      const kind = raw[i + 1] ?? '';
      const hex = HEX_WIDTH[kind];
      if (hex !== undefined) {
        const digits = raw.slice(i + 2, i + 2 + hex);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) return undefined;
        escaped = String.fromCodePoint(parseInt(digits, 16));
        width = 2 + hex;
      } else {
        escaped = ESCAPES[kind];
        if (escaped === undefined) return undefined;
        width = 2;
      }
    }
    if (escaped === undefined) {
      if (!run) {
        run = { v: decoded.length, src: start + i, len: 0 };
        segments.push(run);
      }
      run.len++;
      decoded += c;
    } else {
      run = undefined;
      decoded += escaped;
    }
    i += width;
  }
  return decoded === value ? segments : undefined;
}
