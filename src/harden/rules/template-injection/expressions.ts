import type { Confidence } from '../../severity.js';
import { DANGEROUS_CONTEXTS } from './dangerous-contexts.js';

/** One `${{ … }}` in a string: `[start, end)` covers the braces, `inner` is the text between them. */
export interface ExpressionSpan {
  start: number;
  end: number;
  inner: string;
}

/**
 * Every `${{ … }}` in `text`, in order. An expression ends at the first `}}` outside a string literal, as the runner
 * reads it; an unterminated one ends the scan.
 */
export function findExpressions(text: string): ExpressionSpan[] {
  const spans: ExpressionSpan[] = [];
  let at = text.indexOf('${{');
  while (at !== -1) {
    let i = at + 3;
    let end = -1;
    while (i < text.length) {
      if (text[i] === "'") {
        const close = closingQuote(text, i + 1);
        if (close === -1) break;
        i = close + 1;
      } else if (text.startsWith('}}', i)) {
        end = i + 2;
        break;
      } else i++;
    }
    if (end === -1) break;
    spans.push({ start: at, end, inner: text.slice(at + 3, end - 2) });
    at = text.indexOf('${{', end);
  }
  return spans;
}

/** Index of the quote that closes an expression string literal opened before `from` (`''` escapes a quote). */
function closingQuote(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === "'") {
      if (text[i + 1] === "'") i += 2;
      else return i;
    } else i++;
  }
  return -1;
}

export type Token =
  { t: 'ident'; v: string } | { t: 'string'; v: string } | { t: 'number'; v: string } | { t: 'punct'; v: string };

export function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      const close = closingQuote(src, i + 1);
      if (close === -1) return undefined;
      out.push({ t: 'string', v: src.slice(i + 1, close).replace(/''/g, "'") });
      i = close + 1;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
    if (ident) {
      out.push({ t: 'ident', v: ident[0] });
      i += ident[0].length;
      continue;
    }
    const num = /^(0x[0-9a-fA-F]+|\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'number', v: num[0] });
      i += num[0].length;
      continue;
    }
    const punct = /^(==|!=|<=|>=|&&|\|\||[.[\]()!<>,*])/.exec(src.slice(i));
    if (!punct) return undefined;
    out.push({ t: 'punct', v: punct[0] });
    i += punct[0].length;
  }
  return out;
}

/** A context reference: lower-cased segments, `*` for an object filter; `index` segments are literal array indexes. */
export interface ContextPath {
  segments: string[];
  /** The reference uses `.*` or `[*]`, so it evaluates to an array rather than one value. */
  filter: boolean;
  /** The reference continues with an index the expression computes (`github.event[matrix.key]`). */
  dynamic: boolean;
}

export const LITERALS = new Set(['true', 'false', 'null']);

/** Reads accessors after a root identifier; returns the path and the index after it. */
function readPath(tokens: Token[], from: number): { path: ContextPath; next: number } {
  const path: ContextPath = {
    segments: [(tokens[from] as { v: string }).v.toLowerCase()],
    filter: false,
    dynamic: false,
  };
  let i = from + 1;
  for (;;) {
    const a = tokens[i];
    const b = tokens[i + 1];
    const c = tokens[i + 2];
    if (a?.t === 'punct' && a.v === '.' && b && (b.t === 'ident' || (b.t === 'number' && /^\d+$/.test(b.v)))) {
      path.segments.push(b.v.toLowerCase());
      i += 2;
    } else if (a?.t === 'punct' && a.v === '.' && b?.t === 'punct' && b.v === '*') {
      path.segments.push('*');
      path.filter = true;
      i += 2;
    } else if (a?.t === 'punct' && a.v === '[' && c?.t === 'punct' && c.v === ']' && b) {
      if (b.t === 'string') path.segments.push(b.v.toLowerCase());
      else if (b.t === 'number' && /^\d+$/.test(b.v)) path.segments.push(b.v);
      else if (b.t === 'punct' && b.v === '*') {
        path.segments.push('*');
        path.filter = true;
      } else {
        path.dynamic = true;
        return { path, next: i };
      }
      i += 3;
    } else if (a?.t === 'punct' && a.v === '[') {
      path.dynamic = true;
      return { path, next: i };
    } else return { path, next: i };
  }
}

/** The context path when the expression is exactly one context reference and nothing else, else undefined. */
export function bareContext(inner: string): ContextPath | undefined {
  const tokens = tokenize(inner);
  if (!tokens || tokens[0]?.t !== 'ident' || LITERALS.has(tokens[0].v)) return undefined;
  const { path, next } = readPath(tokens, 0);
  return next === tokens.length && !path.dynamic ? path : undefined;
}

/** Every context reference anywhere in an expression (function arguments, operands); undefined if it does not lex. */
export function contextRefs(inner: string): ContextPath[] | undefined {
  const tokens = tokenize(inner);
  if (!tokens) return undefined;
  const refs: ContextPath[] = [];
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i]!;
    const prev = tokens[i - 1];
    const isRoot =
      tok.t === 'ident' &&
      !LITERALS.has(tok.v) &&
      !(prev?.t === 'punct' && prev.v === '.') &&
      !(tokens[i + 1]?.t === 'punct' && (tokens[i + 1] as Token).v === '(');
    if (!isRoot) {
      i++;
      continue;
    }
    const { path, next } = readPath(tokens, i);
    refs.push(path);
    i = Math.max(next, i + 1);
  }
  return refs;
}

export type Danger =
  | { kind: 'value'; context: string; reason: string; confidence?: Confidence }
  /** The reference names an object (or computed member) holding an attacker-controlled field. */
  | { kind: 'object'; context: string; reason: string; confidence?: Confidence };

/** A context pattern whose text an attacker may choose; `*` matches any one key or index. */
export interface TaintPattern {
  segments: readonly string[];
  path: string;
  reason: string;
  /** Set when the pattern is a guess (an input whose caller is unknown): findings say so. */
  confidence?: Confidence;
  /** Name the context by what the reference wrote (`inputs.title`), not by the pattern (`inputs.*`). */
  nameByReference?: boolean;
}

/** Where a file's attacker-controlled text comes from: the fixed list, plus what the file itself declares (inputs). */
export type TaintSources = readonly TaintPattern[];

export const DEFAULT_SOURCES: TaintSources = DANGEROUS_CONTEXTS.map((d) => ({
  segments: d.path.split('.'),
  path: d.path,
  reason: d.reason,
}));

// An object filter in the reference (`*`) may select the dangerous key, so it matches any pattern segment.
const segmentMatches = (pattern: string, actual: string) => pattern === '*' || actual === '*' || pattern === actual;

/** Whether a context reference reaches attacker-controlled text, and how. */
export function dangerOf(path: ContextPath, sources: TaintSources = DEFAULT_SOURCES): Danger | undefined {
  const s = path.segments;
  for (const p of sources) {
    const n = Math.min(p.segments.length, s.length);
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = segmentMatches(p.segments[i]!, s[i]!);
    if (!ok) continue;
    const whole = s.length >= p.segments.length;
    const context = p.nameByReference && whole ? s.slice(0, p.segments.length).join('.') : p.path;
    return {
      kind: whole ? 'value' : 'object',
      context,
      reason: p.reason,
      ...(p.confidence ? { confidence: p.confidence } : {}),
    };
  }
  return undefined;
}

/** The first danger among all the context references of an expression (used when it is not one bare reference). */
export function dangerIn(inner: string, sources: TaintSources = DEFAULT_SOURCES): Danger | undefined {
  const refs = contextRefs(inner);
  if (!refs) return undefined;
  for (const ref of refs) {
    const d = dangerOf(ref, sources);
    if (d) return d;
  }
  return undefined;
}

/** `github.event.issue.title` → `GITHUB_EVENT_ISSUE_TITLE`. */
export function variableName(path: ContextPath): string {
  return path.segments
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A key that is equal for two references to the same value, whatever syntax (dots, brackets, case) they use. */
export function pathKey(path: ContextPath): string {
  return path.segments.join('\u0000');
}
