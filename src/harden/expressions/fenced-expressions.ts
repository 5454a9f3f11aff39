/** One `${{ … }}` in a string: `[start, end)` covers the braces; `inner` starts at `innerStart`. */
export interface FencedExpression {
  start: number;
  end: number;
  innerStart: number;
  inner: string;
}

/**
 * Every `${{ … }}` in `text`, in order. One ends at the first `}}` outside a string literal, as the runner reads it;
 * an unterminated one ends the scan.
 */
export function fencedExpressions(text: string): FencedExpression[] {
  const out: FencedExpression[] = [];
  let at = text.indexOf('${{');
  while (at !== -1) {
    let i = at + 3;
    let end = -1;
    while (i < text.length) {
      if (text[i] === "'") {
        let j = i + 1;
        while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1;
        if (j >= text.length) break;
        i = j + 1;
      } else if (text.startsWith('}}', i)) {
        end = i + 2;
        break;
      } else i++;
    }
    if (end === -1) break;
    out.push({ start: at, end, innerStart: at + 3, inner: text.slice(at + 3, end - 2) });
    at = text.indexOf('${{', end);
  }
  return out;
}

/**
 * The expression an `if:` evaluates and where it starts in the value: the whole value when it has no `${{ }}`, the
 * inside of the braces when one `${{ … }}` is all there is; undefined for text mixed with expressions (a string
 * template, which is always true).
 */
export function conditionExpression(value: string): { text: string; offset: number } | undefined {
  const fenced = fencedExpressions(value);
  if (fenced.length === 0) return value.includes('${{') ? undefined : { text: value, offset: 0 };
  const only = fenced[0]!;
  if (fenced.length !== 1 || value.slice(0, only.start).trim() !== '' || value.slice(only.end).trim() !== '')
    return undefined;
  return { text: only.inner, offset: only.innerStart };
}
