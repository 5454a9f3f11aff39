import type { ActionAdvisory } from '../../resolver/action-resolver.js';
import { compareVersions, inRange, parseVersion, type Version } from './version-range.js';

/** What the advisories say about one version of an action. */
export type Verdict =
  | { kind: 'safe' }
  | { kind: 'fix'; target: string; applicable: ActionAdvisory[] }
  | { kind: 'no-patch'; applicable: ActionAdvisory[]; elsewhere: string[] };

/** Advisories can chain (the first fix of one is inside another's range); a handful of hops covers real histories. */
const MAX_HOPS = 8;

/**
 * The first release in `version`'s major that no advisory's range contains, reached by following the first patched
 * version of each range that still applies; `no-patch` when a range in the way has no fix, or only one in another major.
 */
export function patchedTarget(version: Version, advisories: readonly ActionAdvisory[]): Verdict {
  const hits = (v: Version) => advisories.filter((a) => inRange(v, a.vulnerableRange) === true);
  const applicable = hits(version);
  if (applicable.length === 0) return { kind: 'safe' };
  const major = version.parts[0];
  let current = applicable;
  let target: { text: string; version: Version } | undefined;
  for (let hop = 0; hop < MAX_HOPS && current.length > 0; hop++) {
    const fixes = current.map((a) => ({
      text: a.firstPatched,
      version: a.firstPatched ? parseVersion(a.firstPatched) : undefined,
    }));
    const other = fixes.filter((f) => !f.version || f.version.parts[0] !== major);
    if (other.length > 0) {
      return { kind: 'no-patch', applicable, elsewhere: [...new Set(other.flatMap((f) => (f.text ? [f.text] : [])))] };
    }
    const next = fixes.reduce((a, b) => (compareVersions(b.version!, a.version!) > 0 ? b : a));
    target = { text: next.text!, version: next.version! };
    current = hits(target.version);
  }
  if (!target || current.length > 0) return { kind: 'no-patch', applicable, elsewhere: [] };
  return { kind: 'fix', target: target.text, applicable };
}
