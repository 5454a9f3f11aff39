/** A replacement of `text[start, end)`; `start === end` inserts. */
export interface TextPatch {
  start: number;
  end: number;
  text: string;
}

/**
 * Two patches collide when their spans overlap. Insertions at one offset do not: they are applied in the order the
 * rules run, and the re-parse after patching catches an order that does not make sense.
 */
export function patchesCollide(a: TextPatch, b: TextPatch): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Applies non-overlapping patches in one pass; the caller has already removed collisions. */
export function applyPatches(text: string, patches: readonly TextPatch[]): string {
  if (patches.length === 0) return text;
  // Stable sort: insertions at one offset keep the order they were given in.
  const sorted = [...patches].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const p of sorted) {
    if (p.start < at) throw new Error(`overlapping patches at offset ${p.start}`);
    out += text.slice(at, p.start) + p.text;
    at = p.end;
  }
  return out + text.slice(at);
}
