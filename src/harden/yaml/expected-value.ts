import type { Path } from './ast.js';

/** What an edit means for the document's value; verification checks the re-parsed file against exactly this. */
export type EditOp =
  | { kind: 'set'; path: Path; value: unknown }
  | { kind: 'insert'; path: Path; index: number; value: unknown }
  /** Removes a mapping key. */
  | { kind: 'delete'; path: Path };

/**
 * Applies ops to a deep copy of the original value. Paths name positions in the original document, so every `set`
 * runs before any `delete` (of mapping keys, which moves no index), then inserts, into one sequence from the highest
 * index down. When no object of the original sits in two places (YAML aliases), only the containers the ops walk
 * through are copied, which is the same value at a fraction of the cost; `aliased: false` promises so without a look.
 */
export function expectedValue(original: unknown, ops: readonly EditOp[], { aliased = true } = {}): unknown {
  const shared = aliased && sharesObjects(original);
  const root = shared ? structuredClone(original) : original;
  const holder = { root };
  const own = shared ? undefined : new Set<unknown>([holder]);
  const walk = (start: unknown, path: Path, create: boolean) => walkPath(start, path, create, own);
  const sets = ops.filter((op): op is Extract<EditOp, { kind: 'set' }> => op.kind === 'set');
  const inserts = ops.filter((op): op is Extract<EditOp, { kind: 'insert' }> => op.kind === 'insert');
  for (const op of sets) {
    const parent = walk(holder, ['root', ...op.path.slice(0, -1)], true) as Record<string | number, unknown>;
    parent[op.path[op.path.length - 1]!] = cloneValue(op.value);
  }
  for (const op of ops) {
    if (op.kind !== 'delete') continue;
    const parent = walk(holder, ['root', ...op.path.slice(0, -1)], false);
    const key = op.path[op.path.length - 1]!;
    if (Array.isArray(parent) || !Object.hasOwn(parent as object, key))
      throw new Error(`delete target ${op.path.join('.')} is not a mapping key`);
    delete (parent as Record<string | number, unknown>)[key];
  }
  inserts.sort((a, b) => b.index - a.index);
  for (const op of inserts) {
    const seq = walk(holder, ['root', ...op.path], false);
    if (!Array.isArray(seq)) throw new Error(`insert target ${op.path.join('.')} is not a sequence`);
    seq.splice(op.index, 0, cloneValue(op.value));
  }
  return holder.root;
}

/** Follows `path`; with `own`, the copy-on-write set, each container on the way is copied the first time it is passed. */
function walkPath(start: unknown, path: Path, create: boolean, own: Set<unknown> | undefined): unknown {
  let at = start as Record<string | number, unknown>;
  for (const seg of path) {
    let next = at[seg];
    if ((next === undefined || next === null) && create) {
      next = {};
      at[seg] = next;
      own?.add(next);
    }
    if (next === undefined || next === null || typeof next !== 'object')
      throw new Error(`path segment ${String(seg)} is missing`);
    if (own && !own.has(next)) {
      next = shallowCopy(next);
      at[seg] = next;
      own.add(next);
    }
    at = next as Record<string | number, unknown>;
  }
  return at;
}

/** Whether one object is reachable twice, as an alias (or a `<<` merge of one) leaves it in what js-yaml loads. */
function sharesObjects(value: unknown): boolean {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (seen.has(v)) return true;
    seen.add(v);
    const children = Array.isArray(v) ? v : Object.getPrototypeOf(v) === Object.prototype ? Object.values(v) : [];
    for (const child of children) pending.push(child);
  }
  return false;
}

/** structuredClone, done by hand for the small plain trees edits carry, where it costs a fraction; anything else goes to it. */
function cloneValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null)
    return typeof value === 'function' || typeof value === 'symbol' ? structuredClone(value) : value;
  return plainTree(value) ? copyTree(value) : structuredClone(value);
}

/** Arrays (dense, nothing but items) and plain objects down to primitives, no object reached twice. */
function plainTree(value: unknown, seen = new Set<object>()): boolean {
  if (typeof value === 'function' || typeof value === 'symbol') return false;
  if (typeof value !== 'object' || value === null) return true;
  if (seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return Object.keys(value).length === value.length && value.every((v) => plainTree(v, seen));
  return Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every((v) => plainTree(v, seen));
}

function copyTree(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return (value as unknown[]).map(copyTree);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyTree(v)]));
}

function shallowCopy(value: object): object {
  if (Array.isArray(value)) return (value as unknown[]).slice();
  return Object.getPrototypeOf(value) === Object.prototype ? { ...value } : structuredClone(value);
}

/** Structural equality of plain YAML values; map key order does not matter, sequence order does. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    // As `every` would: holes are skipped.
    for (let i = 0; i < a.length; i++) if (i in a && !sameValue(a[i], bb[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) if (!Object.hasOwn(rb, k) || !sameValue(ra[k], rb[k])) return false;
  return true;
}
