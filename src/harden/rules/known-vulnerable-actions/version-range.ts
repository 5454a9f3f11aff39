/** A release version as actions tag them (`v4`, `v4.2.2`, `1.0.0-rc.1`): numeric parts and an optional pre-release. */
export interface Version {
  parts: number[];
  pre: string | null;
}

const VERSION = /^[vV]?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const CONSTRAINT = /^(<=|>=|<|>|=)?\s*(\S+)$/;

export function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { parts: m[1]!.split('.').map(Number), pre: m[2] ?? null };
}

/** Missing parts count as 0 (`4.1` is `4.1.0`); a pre-release sorts before its release (SemVer's rule). */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.parts.length, b.parts.length); i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (a.pre === b.pre) return 0;
  if (a.pre === null) return 1;
  if (b.pre === null) return -1;
  return comparePre(a.pre, b.pre);
}

function comparePre(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const x = as[i];
    const y = bs[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : undefined;
    const ny = /^\d+$/.test(y) ? Number(y) : undefined;
    if (nx !== undefined && ny !== undefined && nx !== ny) return Math.sign(nx - ny);
    if (nx !== undefined && ny === undefined) return -1;
    if (ny !== undefined && nx === undefined) return 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Whether `version` is in a GitHub advisory range: comma-separated constraints, all of which must hold
 * (`>= 4.0.0, < 4.1.2`; `= 1.0.0`; a bare version means `=`). Undefined when the range cannot be read.
 */
export function inRange(version: Version, range: string): boolean | undefined {
  const parts = range
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  let all = true;
  for (const part of parts) {
    const m = CONSTRAINT.exec(part);
    const bound = m ? parseVersion(m[2]!) : undefined;
    if (!m || !bound) return undefined;
    const c = compareVersions(version, bound);
    const op = m[1] ?? '=';
    const holds = op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : c === 0;
    all &&= holds;
  }
  return all;
}

/** The text a version is written in, for messages: `v` followed by its parts as given. */
export function formatVersion(v: Version): string {
  return `v${v.parts.join('.')}${v.pre ? `-${v.pre}` : ''}`;
}
