import type { ScriptContext, Span } from './script-context.js';

/**
 * Classifies each span of an sh-like script (bash, sh, zsh): unquoted, inside double or single quotes, in a comment,
 * in an expanding heredoc, or blocked where quoting cannot be tracked well enough to rewrite (backticks, `$( )`,
 * `${ }`, `$' '`, heredocs with a quoted delimiter). Spans are opaque: the expressions they mark are read as one word.
 */
export function lexSh(s: string, spans: readonly Span[]): ScriptContext[] {
  const out: (ScriptContext | undefined)[] = spans.map(() => undefined);
  const startIndex = new Map(spans.map((sp, k) => [sp.start, k]));
  const spanAt = (i: number) => startIndex.get(i);
  const block = (from: number, to: number, reason: string) => {
    spans.forEach((sp, k) => {
      if (!out[k] && sp.start >= from && sp.start < to) out[k] = { kind: 'blocked', reason };
    });
  };

  /** End (exclusive) of a region opened at `i` by `` ` ``, `$(`, `${` or `$'`; `limit` when it does not close. */
  const skipNested = (i: number, limit: number): number => {
    if (s[i] === '`') {
      let j = i + 1;
      while (j < limit) {
        const k = spanAt(j);
        if (k !== undefined) j = spans[k]!.end;
        else if (s[j] === '\\') j += 2;
        else if (s[j] === '`') return j + 1;
        else j++;
      }
      return limit;
    }
    if (s.startsWith("$'", i)) {
      let j = i + 2;
      while (j < limit) {
        if (s[j] === '\\') j += 2;
        else if (s[j] === "'") return j + 1;
        else j++;
      }
      return limit;
    }
    const open = s[i + 1]!;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    let j = i + 1;
    while (j < limit) {
      const k = spanAt(j);
      if (k !== undefined) {
        j = spans[k]!.end;
        continue;
      }
      const c = s[j]!;
      if (c === '\\') j += 2;
      else if (c === "'" && open === '(') {
        const q = s.indexOf("'", j + 1);
        j = q === -1 ? limit : q + 1;
      } else if (c === '"') j = skipDouble(j, limit);
      else if (c === '`' || (c === '$' && (s[j + 1] === '(' || s[j + 1] === '{'))) j = skipNested(j, limit);
      // `case … in x)` inside `$( )` unbalances the parentheses: give up on the rest rather than guess.
      else if (open === '(' && /^case\s/.test(s.slice(j, j + 5)) && /(^|[\s;(])$/.test(s.slice(Math.max(0, j - 1), j)))
        return limit;
      else if (c === open) {
        depth++;
        j++;
      } else if (c === close) {
        depth--;
        j++;
        if (depth === 0) return j;
      } else j++;
    }
    return limit;
  };

  const skipDouble = (i: number, limit: number): number => {
    let j = i + 1;
    while (j < limit) {
      const k = spanAt(j);
      if (k !== undefined) j = spans[k]!.end;
      else if (s[j] === '\\') j += 2;
      else if (s[j] === '"') return j + 1;
      else if (s[j] === '`' || (s[j] === '$' && (s[j + 1] === '(' || s[j + 1] === '{'))) j = skipNested(j, limit);
      else j++;
    }
    return limit;
  };

  /** Scans text where `$`, `` ` `` and `\` are special but quotes are not (an expanding heredoc body). */
  const scanExpanding = (from: number, to: number, command: string) => {
    let j = from;
    while (j < to) {
      const k = spanAt(j);
      if (k !== undefined) {
        out[k] ??= { kind: 'heredoc', command };
        j = spans[k]!.end;
      } else if (s[j] === '\\') j += 2;
      else if (s[j] === '`' || (s[j] === '$' && (s[j + 1] === '(' || s[j + 1] === '{'))) {
        const end = skipNested(j, to);
        block(j, end, 'it is inside a command substitution or parameter expansion');
        j = end;
      } else j++;
    }
  };

  interface Heredoc {
    delimiter: string;
    stripTabs: boolean;
    quoted: boolean;
    command: string;
  }
  const pending: Heredoc[] = [];

  const readHeredocBodies = (from: number): number => {
    let i = from;
    for (const doc of pending) {
      const bodyStart = i;
      let bodyEnd = s.length;
      while (i < s.length) {
        const nl = s.indexOf('\n', i);
        const lineEnd = nl === -1 ? s.length : nl;
        let line = s.slice(i, lineEnd);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if ((doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter) {
          bodyEnd = i;
          i = nl === -1 ? s.length : nl + 1;
          break;
        }
        i = nl === -1 ? s.length : nl + 1;
      }
      if (doc.quoted)
        block(bodyStart, bodyEnd, 'it is inside a heredoc with a quoted delimiter, where variables do not expand');
      else scanExpanding(bodyStart, bodyEnd, doc.command);
    }
    pending.length = 0;
    return i;
  };

  let i = 0;
  let cmdStart = 0;
  let lineStart = 0;
  let wordStart = true;
  const command = (at: number) => s.slice(cmdStart, at);
  while (i < s.length) {
    const k = spanAt(i);
    if (k !== undefined) {
      out[k] = { kind: 'unquoted', command: command(i) };
      i = spans[k]!.end;
      wordStart = false;
      continue;
    }
    const c = s[i]!;
    if (c === '\\') {
      i += 2;
      wordStart = false;
    } else if (c === '\n') {
      i = readHeredocBodies(i + 1);
      cmdStart = lineStart = i;
      wordStart = true;
    } else if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      i++;
      cmdStart = i;
      wordStart = true;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      wordStart = true;
    } else if (c === '#' && wordStart) {
      const nl = s.indexOf('\n', i);
      const end = nl === -1 ? s.length : nl;
      spans.forEach((sp, n) => {
        if (!out[n] && sp.start >= i && sp.start < end) out[n] = { kind: 'comment', command: '' };
      });
      i = end;
    } else if (c === "'") {
      let j = i + 1;
      const inside: number[] = [];
      while (j < s.length && s[j] !== "'") {
        const n = spanAt(j);
        if (n !== undefined) {
          inside.push(n);
          j = spans[n]!.end;
        } else j++;
      }
      for (const n of inside) {
        out[n] =
          j < s.length
            ? { kind: 'single', open: i, close: j, command: command(spans[n]!.start) }
            : { kind: 'blocked', reason: 'its single quote is never closed' };
      }
      i = j + 1;
      wordStart = false;
    } else if (c === '"' || s.startsWith('$"', i)) {
      let j = i + (c === '"' ? 1 : 2);
      while (j < s.length && s[j] !== '"') {
        const n = spanAt(j);
        if (n !== undefined) {
          out[n] = { kind: 'double', command: command(j) };
          j = spans[n]!.end;
        } else if (s[j] === '\\') j += 2;
        else if (s[j] === '`' || (s[j] === '$' && (s[j + 1] === '(' || s[j + 1] === '{'))) {
          const end = skipNested(j, s.length);
          block(j, end, 'it is inside a command substitution or parameter expansion');
          j = end;
        } else j++;
      }
      if (j >= s.length) block(i, s.length, 'its double quote is never closed');
      i = j + 1;
      wordStart = false;
    } else if (c === '`' || (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{' || s[i + 1] === "'"))) {
      const end = skipNested(i, s.length);
      block(i, end, "it is inside backticks, $( ), ${ } or $' ', where quoting is not tracked");
      i = end;
      wordStart = false;
    } else if (s.startsWith('<<<', i)) {
      i += 3;
      wordStart = true;
    } else if (s.startsWith('<<', i) && !s.slice(cmdStart, i).includes('((')) {
      // Inside `(( … ))` arithmetic `<<` is a shift, not a heredoc.
      const doc = readHeredocOperator(s, i, spans);
      if (!doc) {
        block(i, s.length, 'it follows a heredoc whose delimiter could not be read');
        break;
      }
      const nl = s.indexOf('\n', i);
      pending.push({ ...doc, command: s.slice(lineStart, nl === -1 ? s.length : nl) });
      i = doc.end;
      wordStart = true;
    } else {
      i++;
      wordStart = false;
    }
  }
  return out.map((ctx) => ctx ?? { kind: 'blocked', reason: 'its place in the script could not be classified' });
}

/** Reads `<<[-]WORD` at `at`: the delimiter with quotes removed, and whether any quoting turned expansion off. */
function readHeredocOperator(
  s: string,
  at: number,
  spans: readonly Span[],
): { delimiter: string; stripTabs: boolean; quoted: boolean; end: number } | undefined {
  let i = at + 2;
  const stripTabs = s[i] === '-';
  if (stripTabs) i++;
  while (s[i] === ' ' || s[i] === '\t') i++;
  let delimiter = '';
  let quoted = false;
  while (i < s.length && !/[\s;&|<>()]/.test(s[i]!)) {
    if (spans.some((sp) => sp.start === i)) return undefined;
    const c = s[i]!;
    if (c === "'" || c === '"') {
      const close = s.indexOf(c, i + 1);
      if (close === -1) return undefined;
      delimiter += s.slice(i + 1, close);
      quoted = true;
      i = close + 1;
    } else if (c === '\\') {
      delimiter += s[i + 1] ?? '';
      quoted = true;
      i += 2;
    } else {
      delimiter += c;
      i++;
    }
  }
  if (delimiter === '') return undefined;
  return { delimiter, stripTabs, quoted, end: i };
}
