import type { ScriptContext, Span } from './script-context.js';

// PowerShell accepts typographic quotes as quote characters, so they must open and close strings here too.
const SINGLE = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);
const DOUBLE = new Set(['"', '\u201c', '\u201d', '\u201e']);

/**
 * Classifies each span of a PowerShell script: unquoted, in a double-quoted (expanding) string or here-string, in a
 * comment, in a single-quoted (literal) string, or blocked inside `$( )` / `${ }` / a literal here-string.
 */
export function lexPwsh(s: string, spans: readonly Span[]): ScriptContext[] {
  const out: (ScriptContext | undefined)[] = spans.map(() => undefined);
  const startIndex = new Map(spans.map((sp, k) => [sp.start, k]));
  const spanAt = (i: number) => startIndex.get(i);
  const mark = (from: number, to: number, ctx: ScriptContext) => {
    spans.forEach((sp, k) => {
      if (!out[k] && sp.start >= from && sp.start < to) out[k] = ctx;
    });
  };
  const blocked = (reason: string): ScriptContext => ({ kind: 'blocked', reason });

  /** End of `$(…)` or `${…}` opened at `i`, skipping nested strings; the script's end when it does not close. */
  const skipNested = (i: number): number => {
    const open = s[i + 1]!;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    let j = i + 1;
    while (j < s.length) {
      const k = spanAt(j);
      if (k !== undefined) {
        j = spans[k]!.end;
        continue;
      }
      const c = s[j]!;
      if (c === '`') j += 2;
      else if (SINGLE.has(c)) j = skipSingle(j).end;
      else if (DOUBLE.has(c)) j = skipDouble(j, undefined);
      else if (c === open) {
        depth++;
        j++;
      } else if (c === close) {
        depth--;
        j++;
        if (depth === 0) return j;
      } else j++;
    }
    return s.length;
  };

  const skipSingle = (i: number): { end: number; inside: number[] } => {
    const inside: number[] = [];
    let j = i + 1;
    while (j < s.length) {
      const k = spanAt(j);
      if (k !== undefined) {
        inside.push(k);
        j = spans[k]!.end;
      } else if (SINGLE.has(s[j]!)) {
        if (SINGLE.has(s[j + 1] ?? '')) j += 2;
        else return { end: j + 1, inside };
      } else j++;
    }
    return { end: s.length, inside };
  };

  /** Skips a double-quoted string; with `command`, classifies the spans in it. */
  const skipDouble = (i: number, command: string | undefined): number => {
    let j = i + 1;
    while (j < s.length) {
      const k = spanAt(j);
      if (k !== undefined) {
        if (command !== undefined) out[k] ??= { kind: 'double', command };
        j = spans[k]!.end;
      } else if (s[j] === '`') j += 2;
      else if (s[j] === '$' && (s[j + 1] === '(' || s[j + 1] === '{')) {
        const end = skipNested(j);
        mark(j, end, blocked('it is inside a PowerShell $( ) or ${ } expression'));
        j = end;
      } else if (DOUBLE.has(s[j]!)) {
        if (DOUBLE.has(s[j + 1] ?? '')) j += 2;
        else return j + 1;
      } else j++;
    }
    if (command !== undefined) mark(i, s.length, blocked('its double quote is never closed'));
    return s.length;
  };

  let i = 0;
  let cmdStart = 0;
  let tokenStart = true;
  while (i < s.length) {
    const k = spanAt(i);
    if (k !== undefined) {
      out[k] = { kind: 'unquoted', command: s.slice(cmdStart, i) };
      i = spans[k]!.end;
      tokenStart = false;
      continue;
    }
    const c = s[i]!;
    if (c === '`') {
      i += 2;
      tokenStart = false;
    } else if (c === '\n' || c === ';' || c === '|' || c === '{' || c === '}' || c === '(' || c === ')') {
      i++;
      cmdStart = i;
      tokenStart = true;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      tokenStart = true;
    } else if (s.startsWith('<#', i)) {
      const close = s.indexOf('#>', i + 2);
      const end = close === -1 ? s.length : close + 2;
      mark(i, end, { kind: 'comment', command: '' });
      i = end;
    } else if (c === '#' && tokenStart) {
      const nl = s.indexOf('\n', i);
      const end = nl === -1 ? s.length : nl;
      mark(i, end, { kind: 'comment', command: '' });
      i = end;
    } else if (
      c === '@' &&
      (SINGLE.has(s[i + 1] ?? '') || DOUBLE.has(s[i + 1] ?? '')) &&
      /^[ \t]*\r?\n/.test(s.slice(i + 2))
    ) {
      const literal = SINGLE.has(s[i + 1]!);
      const bodyStart = s.indexOf('\n', i) + 1;
      const closer = new RegExp(`\\n[${literal ? "'\u2018\u2019\u201a\u201b" : '"\u201c\u201d\u201e'}]@`, 'g');
      closer.lastIndex = bodyStart - 1;
      const m = closer.exec(s);
      const bodyEnd = m ? m.index + 1 : s.length;
      if (literal)
        mark(bodyStart, bodyEnd, blocked("it is inside a literal @' '@ here-string, where variables do not expand"));
      else scanHereString(bodyStart, bodyEnd, s.slice(cmdStart, i));
      i = m ? bodyEnd + 2 : s.length;
      tokenStart = false;
    } else if (SINGLE.has(c)) {
      const { end, inside } = skipSingle(i);
      for (const n of inside)
        out[n] = blocked('it is inside a single-quoted PowerShell string, where variables do not expand');
      i = end;
      tokenStart = false;
    } else if (DOUBLE.has(c)) {
      i = skipDouble(i, s.slice(cmdStart, i));
      tokenStart = false;
    } else if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
      const end = skipNested(i);
      mark(i, end, blocked('it is inside a PowerShell $( ) or ${ } expression'));
      i = end;
      tokenStart = false;
    } else {
      i++;
      tokenStart = false;
    }
  }

  function scanHereString(from: number, to: number, command: string) {
    let j = from;
    while (j < to) {
      const k = spanAt(j);
      if (k !== undefined) {
        out[k] ??= { kind: 'heredoc', command };
        j = spans[k]!.end;
      } else if (s[j] === '`') j += 2;
      else if (s[j] === '$' && (s[j + 1] === '(' || s[j + 1] === '{')) {
        const end = Math.min(skipNested(j), to);
        mark(j, end, blocked('it is inside a PowerShell $( ) or ${ } expression'));
        j = end;
      } else j++;
    }
  }

  return out.map((ctx) => ctx ?? blocked('its place in the script could not be classified'));
}
