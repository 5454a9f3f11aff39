import type { ScriptContext } from './script-context.js';

/** A value-level rewrite of `script[start, end)`. */
export interface ScriptRewrite {
  start: number;
  end: number;
  text: string;
}

/**
 * How the shell reads a variable at this place, as candidate rewrites from most to least tidy (the caller takes the
 * first whose span is written verbatim in the YAML source), or why it cannot be rewritten.
 * sh: `${VAR}` unquoted, in double quotes, comments and expanding heredocs — unquoted use is kept unquoted, since an
 * expansion is never parsed as code and quoting it could change word splitting the script relies on; in single quotes
 * the string is closed and reopened around `"${VAR}"`. pwsh: `$env:VAR` (braced when a name character follows).
 */
export function rewritesFor(
  family: 'sh' | 'pwsh',
  ctx: ScriptContext,
  script: string,
  start: number,
  end: number,
  name: string,
): ScriptRewrite[] | string {
  if (ctx.kind === 'blocked') return ctx.reason;
  if (family === 'pwsh') {
    if (ctx.kind === 'single') return 'it is inside a single-quoted PowerShell string, where variables do not expand';
    const braced = /^[\w:?.[]/.test(script.slice(end, end + 1));
    return [{ start, end, text: braced ? `\${env:${name}}` : `$env:${name}` }];
  }
  const ref = `\${${name}}`;
  if (ctx.kind !== 'single') return [{ start, end, text: ref }];
  const opensHere = ctx.open === start - 1;
  const closesHere = ctx.close === end;
  const tidy: ScriptRewrite = {
    start: opensHere ? start - 1 : start,
    end: closesHere ? end + 1 : end,
    text: `${opensHere ? '' : "'"}"${ref}"${closesHere ? '' : "'"}`,
  };
  const plain: ScriptRewrite = { start, end, text: `'"${ref}"'` };
  return opensHere || closesHere ? [tidy, plain] : [plain];
}
