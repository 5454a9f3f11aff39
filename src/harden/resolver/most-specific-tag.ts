const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?([-+].*)?$/;

/**
 * Picks the tag to write in a pin's comment from the tags on one commit: among tags that extend the written ref
 * (`v4` → `v4.2.2`), else among all, the one with the most version components, stable before pre-release,
 * then the longest name (Dependabot and Renovate update `# vX.Y.Z` comments).
 */
export function mostSpecificTag(tags: readonly string[], writtenRef?: string): string | null {
  if (tags.length === 0) return null;
  const extending = writtenRef ? tags.filter((t) => t === writtenRef || t.startsWith(`${writtenRef}.`)) : [];
  const pool = extending.length > 0 ? extending : tags;
  return [...pool].sort(compareSpecificity)[0] ?? null;
}

function compareSpecificity(a: string, b: string): number {
  const va = VERSION.exec(a);
  const vb = VERSION.exec(b);
  if (va && !vb) return -1;
  if (vb && !va) return 1;
  if (va && vb) {
    const parts = (m: RegExpExecArray) => [m[1], m[2], m[3]].filter((p) => p !== undefined).length;
    const byParts = parts(vb) - parts(va);
    if (byParts !== 0) return byParts;
    const pre = Number(Boolean(va[4])) - Number(Boolean(vb[4]));
    if (pre !== 0) return pre;
  }
  return b.length - a.length || (a < b ? 1 : a > b ? -1 : 0);
}
