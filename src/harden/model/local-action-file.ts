import { posix } from 'node:path';
import type { SourceFile } from '../types.js';

/** `./x` (or `$/x`, parsed to `./x`) → its action.yml among the parsed files; none for a path that leaves the repository. */
export function localActionFile(parsed: ReadonlyMap<string, SourceFile>, path: string): SourceFile | undefined {
  const dir = posix.normalize(path.replace(/^\.\//, '')).replace(/\/$/, '');
  if (dir.startsWith('..')) return undefined;
  for (const name of ['action.yml', 'action.yaml']) {
    const file = parsed.get(dir === '.' ? name : `${dir}/${name}`);
    if (file && file.kind === 'action') return file;
  }
  return undefined;
}
