import type { Path } from './ast.js';

/** What an edit means for the document's value; verification checks the re-parsed file against exactly this. */
export type EditOp =
  | { kind: 'set'; path: Path; value: unknown }
  | { kind: 'insert'; path: Path; index: number; value: unknown };

/**
 * Applies ops to a deep copy of the original value. Paths name positions in the original document, so every `set`
 * runs before any `insert`, and inserts into one sequence run from the highest index down.
 */
export function expectedValue(original: unknown, ops: readonly EditOp[]): unknown {
  const root = structuredClone(original);
  const holder = { root };
  const sets = ops.filter((op) => op.kind === 'set');
  const inserts = ops.filter((op): op is Extract<EditOp, { kind: 'insert' }> => op.kind === 'insert');
  for (const op of sets) {
    const parent = walk(holder, ['root', ...op.path.slice(0, -1)], true) as Record<string | number, unknown>;
    parent[op.path[op.path.length - 1]!] = structuredClone(op.value);
  }
  inserts.sort((a, b) => b.index - a.index);
  for (const op of inserts) {
    const seq = walk(holder, ['root', ...op.path], false);
    if (!Array.isArray(seq)) throw new Error(`insert target ${op.path.join('.')} is not a sequence`);
    seq.splice(op.index, 0, structuredClone(op.value));
  }
  return holder.root;
}

function walk(start: unknown, path: Path, create: boolean): unknown {
  let at = start as Record<string | number, unknown>;
  for (const seg of path) {
    let next = at[seg];
    if ((next === undefined || next === null) && create) {
      next = {};
      at[seg] = next;
    }
    if (next === undefined || next === null || typeof next !== 'object') throw new Error(`path segment ${String(seg)} is missing`);
    at = next as Record<string | number, unknown>;
  }
  return at;
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
    return a.length === bb.length && a.every((v, i) => sameValue(v, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && sameValue((a as Record<string, unknown>)[k], rb[k]));
}
