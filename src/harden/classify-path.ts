import type { FileKind } from './types.js';

/** Which files the engine reads: GitHub runs only direct children of .github/workflows; actions may live anywhere. */
export function classifyPath(path: string): FileKind | null {
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'workflow';
  if (/^\.github\/dependabot\.ya?ml$/.test(path)) return 'dependabot';
  if (/(^|\/)action\.ya?ml$/.test(path)) return 'action';
  return null;
}
