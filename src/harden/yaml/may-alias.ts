/** The characters that end an anchor or alias name, for the yaml lexer and js-yaml alike. */
const NAME_END = new Set(' ,[]{}\n\r\t');

/**
 * Whether some `*name` in the text may name an `&name` anchor: without one no alias resolves, so neither parser can
 * expand one or hand back one object in two places. Every `&` is taken as a possible anchor; empty names are left out,
 * as both parsers reject them.
 */
export function mayAlias(text: string): boolean {
  if (!text.includes('*')) return false;
  const names = new Set<string>();
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    let end = at + 1;
    while (end < text.length && !NAME_END.has(text[end]!)) end++;
    if (end > at + 1) names.add(text.slice(at + 1, end));
    // Past a few dozen names (`&&` in scripts makes one), answering yes costs less than looking for each.
    if (names.size > 32) return true;
  }
  for (const name of names) if (text.includes(`*${name}`)) return true;
  return false;
}
