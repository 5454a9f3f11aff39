import type { ExpressionSpan } from './expressions.js';
import type { Dialect } from './fix-run.js';
import type { ScriptRewrite } from './replacement.js';
import type { Span } from './script-context.js';

/** Where an expression sits in JavaScript source, as far as the fix is concerned. */
export type JsContext =
  | { kind: 'code' | 'comment' | 'template' }
  /** In a '…' or "…" literal opened at `open`; `close` is its closing quote, once seen. */
  | { kind: 'string'; open: number; close: number | undefined }
  | { kind: 'blocked'; reason: string };

/** A `/` starts a regular expression, not a division, after these (or at the start). */
const BEFORE_REGEX =
  /^$|[(,=:[!&|?{};+\-*%<>~^]$|(^|[^\w$])(return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

/**
 * Classifies each span of a JavaScript snippet by scanning it once: strings, template literals (with nested `${ }`),
 * comments and regular expression literals are skipped as the language reads them; the expression spans themselves
 * are opaque, since GitHub replaces them before Node sees the code.
 */
export function lexJs(s: string, spans: readonly Span[]): JsContext[] {
  const out: (JsContext | undefined)[] = spans.map(() => undefined);
  const startIndex = new Map(spans.map((sp, k) => [sp.start, k]));
  // Open template literals and, for each, how many `{` deep its current `${ }` substitution is (-1: in the text).
  const templates: number[] = [];
  let i = 0;
  let last = '';
  const record = (k: number, ctx: JsContext) => (out[k] ??= ctx);
  const blockRest = (reason: string) => spans.forEach((_, k) => record(k, { kind: 'blocked', reason }));
  while (i < s.length) {
    const k = startIndex.get(i);
    if (k !== undefined) {
      const inText = templates.length > 0 && templates[templates.length - 1] === -1;
      record(k, inText ? { kind: 'template' } : { kind: 'code' });
      i = spans[k]!.end;
      last = 'x';
      continue;
    }
    const c = s[i]!;
    const inTemplateText = templates.length > 0 && templates[templates.length - 1] === -1;
    if (inTemplateText) {
      if (c === '\\') i += 2;
      else if (c === '`') {
        templates.pop();
        i++;
        last = 'x';
      } else if (c === '$' && s[i + 1] === '{') {
        templates[templates.length - 1] = 0;
        i += 2;
        last = '{';
      } else i++;
      continue;
    }
    if (c === '/' && s[i + 1] === '/') {
      const end = s.indexOf('\n', i);
      markComment(i, end === -1 ? s.length : end);
      i = end === -1 ? s.length : end;
    } else if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      if (end === -1) return blockAfter(i, 'it follows a comment that is never closed');
      markComment(i, end + 2);
      i = end + 2;
    } else if (c === "'" || c === '"') {
      const open = i;
      const inside: number[] = [];
      i++;
      while (i < s.length && s[i] !== c && s[i] !== '\n') {
        const n = startIndex.get(i);
        if (n !== undefined) {
          inside.push(n);
          i = spans[n]!.end;
        } else if (s[i] === '\\') i += 2;
        else i++;
      }
      const close = s[i] === c ? i : undefined;
      for (const n of inside)
        record(
          n,
          close === undefined
            ? { kind: 'blocked', reason: 'its string literal is never closed' }
            : { kind: 'string', open, close },
        );
      i++;
      last = 'x';
    } else if (c === '`') {
      templates.push(-1);
      i++;
    } else if (c === '/' && BEFORE_REGEX.test(last.trimEnd())) {
      const end = regexEnd(s, i);
      if (end === -1) return blockAfter(i, 'it follows a regular expression that could not be read');
      i = end;
      last = 'x';
    } else {
      if (templates.length > 0) {
        const depth = templates[templates.length - 1]!;
        if (c === '{') templates[templates.length - 1] = depth + 1;
        else if (c === '}') templates[templates.length - 1] = depth === 0 ? -1 : depth - 1;
      }
      if (/\s/.test(c)) last = /[\w$]$/.test(last) ? `${last} ` : last;
      else last = /[\w$]/.test(c) && /[\w$]$/.test(last) ? last + c : c;
      i++;
    }
  }
  blockRest('its place in the script could not be classified');
  return out as JsContext[];

  function markComment(from: number, to: number): void {
    spans.forEach((sp, k) => {
      if (sp.start >= from && sp.start < to) record(k, { kind: 'comment' });
    });
  }
  function blockAfter(from: number, reason: string): JsContext[] {
    spans.forEach((sp, k) => {
      if (sp.start >= from) record(k, { kind: 'blocked', reason });
    });
    blockRest(reason);
    return out as JsContext[];
  }
}

/** The end of the regular expression literal at `at` (after its flags), or -1. */
function regexEnd(s: string, at: number): number {
  let i = at + 1;
  let inClass = false;
  while (i < s.length && s[i] !== '\n') {
    const c = s[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '/' && !inClass) {
      i++;
      while (/[a-z]/.test(s[i] ?? '')) i++;
      return i;
    }
    if (c === '[' || c === ']') inClass = c === '[';
    i++;
  }
  return -1;
}

/** Calls that hand a string to a shell or to the JavaScript compiler again. */
const REEVALUATES = /(^|[^\w$])(eval|Function|exec|execSync|spawn|spawnSync|execFile|execFileSync)\s*\(/;

/**
 * JavaScript run by the action in the step's own process (actions/github-script): an expression that is a whole
 * string literal becomes `process.env.NAME`, one inside a template literal `${process.env.NAME}`; anywhere else the
 * text was code, or is part of a larger string, and is reported.
 */
export const JS_DIALECT: Dialect<JsContext> = {
  lex: lexJs,
  rewrites(ctx, _script, start, end, name): ScriptRewrite[] | string {
    const ref = `process.env.${name}`;
    switch (ctx.kind) {
      case 'blocked':
        return ctx.reason;
      case 'template':
        return [{ start, end, text: `\${${ref}}` }];
      case 'comment':
        return [{ start, end, text: ref }];
      case 'code':
        return 'it stands in the code itself, not in a string, so its text was meant to be code';
      case 'string':
        if (ctx.open === start - 1 && ctx.close === end) return [{ start: ctx.open, end: end + 1, text: ref }];
        return 'it is part of a longer string literal; use a template literal with ${process.env.NAME}';
    }
  },
  reparsedBy(ctx, script: string, span: ExpressionSpan) {
    if (ctx.kind === 'comment' || ctx.kind === 'blocked') return undefined;
    const lineStart = script.lastIndexOf('\n', span.start - 1) + 1;
    const before = script.slice(lineStart, span.start);
    const m = REEVALUATES.exec(before);
    // `exec.exec()` of @actions/exec splits its arguments itself; child_process's exec hands the line to a shell.
    if (m && !(m[2] === 'exec' && /(^|[^\w$])exec\.exec\s*\($/.test(before.slice(0, m.index + m[0].length))))
      return `${m[2]}()`;
    return undefined;
  },
  ref: (name) => `process.env.${name}`,
};
