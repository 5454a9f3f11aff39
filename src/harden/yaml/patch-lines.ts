import type { SourceFile } from '../types.js';
import { lineAt } from './ast.js';
import type { TextPatch } from './text-patch.js';

/** The first and last original lines the patches rewrite (an insertion counts the line it lands on). */
export function patchLines(file: SourceFile, patches: readonly TextPatch[]): { first: number; last: number } {
  const first = Math.min(...patches.map((p) => p.start));
  const last = Math.max(...patches.map((p) => Math.max(p.end - 1, p.start)));
  return { first: lineAt(file, first), last: lineAt(file, last) };
}
