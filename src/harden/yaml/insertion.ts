import { lineStart } from './ast.js';

/**
 * Where to insert whole lines before the node at `offset`: the start of its line, moved up over the comment and
 * blank lines directly above it (they belong to that node), but never onto or above the line holding `floor`.
 */
export function insertionLineBefore(text: string, offset: number, floor: number): number {
  const floorLine = lineStart(text, floor);
  let at = lineStart(text, offset);
  while (at > floorLine) {
    const prevStart = lineStart(text, at - 1);
    if (prevStart <= floorLine) break;
    const prev = text.slice(prevStart, at).trim();
    if (prev !== '' && !prev.startsWith('#')) break;
    at = prevStart;
  }
  return at;
}
