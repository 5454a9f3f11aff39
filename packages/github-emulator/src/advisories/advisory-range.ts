/**
 * GitHub's advisory range syntax (`>= 1.0.0, < 1.0.1`; `= 1.2.3`; a bare version means `=`): whether `version` is in
 * it. Versions compare part by part, missing parts as 0, a pre-release before its release; a leading `v` is ignored.
 * Undefined when either cannot be read. [I] GitHub's own matcher follows each ecosystem's rules; for `actions` these are
 * tags, which this reads as SemVer-like versions.
 */
export function versionInRange(version: string, range: string): boolean | undefined {
  const v = parse(version);
  const constraints = range
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (!v || constraints.length === 0) return undefined;
  let all = true;
  for (const c of constraints) {
    const m = /^(<=|>=|<|>|=)?\s*(\S+)$/.exec(c);
    const bound = m ? parse(m[2]!) : undefined;
    if (!m || !bound) return undefined;
    const d = compare(v, bound);
    const op = m[1] ?? '=';
    all &&= op === '<' ? d < 0 : op === '<=' ? d <= 0 : op === '>' ? d > 0 : op === '>=' ? d >= 0 : d === 0;
  }
  return all;
}

interface Parsed {
  parts: number[];
  pre: string | null;
}

function parse(text: string): Parsed | undefined {
  const m = /^[vV]?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+\S+)?$/.exec(text.trim());
  return m ? { parts: m[1]!.split('.').map(Number), pre: m[2] ?? null } : undefined;
}

function compare(a: Parsed, b: Parsed): number {
  for (let i = 0; i < Math.max(a.parts.length, b.parts.length); i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (a.pre === b.pre) return 0;
  if (a.pre === null) return 1;
  if (b.pre === null) return -1;
  return a.pre < b.pre ? -1 : 1;
}
