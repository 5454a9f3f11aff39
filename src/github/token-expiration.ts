/**
 * Parses `GitHub-Authentication-Token-Expiration`, e.g. `2021-10-07 19:07:53 UTC`; an offset form such
 * as `2021-10-07 19:07:53 +0900` is also seen, so both are accepted (docs/github-behaviour.md#permission-checks). Null when
 * absent or unreadable: a token without the header does not expire.
 */
export function parseTokenExpiration(header: string | number | undefined | null): string | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*(UTC|GMT|Z|[+-]\d{2}:?\d{2})?$/i.exec(header.trim());
  if (!m) return null;
  const zone = m[3] === undefined || /^(UTC|GMT|Z)$/i.test(m[3]) ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
