import { lstat, stat } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { UsageError } from '../cli-io.js';

/** The checkout a run works in and the part of it the user named. */
export interface Selection {
  /** The repository's root folder: paths in reports and in the engine are relative to it. */
  root: string;
  /** Whether a repository-relative path is among those named (a file itself, or anything under a folder). */
  includes(path: string): boolean;
  /** Exactly the whole repository was named. */
  whole: boolean;
  /** Files named one by one (repository-relative). */
  files: string[];
}

/**
 * Positional paths → one repository and a selection in it. The root is the nearest folder up from a path holding
 * `.git`; without git, the folder above a `.github` segment of the path, else a named folder holding `.github`, else
 * the current folder when the path is inside it, else the named folder (or a file's folder). Every path must lie in
 * the same root.
 */
export async function selectPaths(cwd: string, args: readonly string[]): Promise<Selection> {
  const named = args.length > 0 ? args : ['.'];
  const entries: { arg: string; abs: string; dir: boolean }[] = [];
  for (const arg of named) {
    const abs = resolve(cwd, arg);
    const info = await lstat(abs).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${arg}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`);
    });
    if (info.isSymbolicLink()) throw new UsageError(`${arg} is a symbolic link; name the file or folder it points to`);
    entries.push({ arg, abs, dir: info.isDirectory() });
  }
  const roots = await Promise.all(entries.map((e) => rootOf(e.abs, e.dir, cwd)));
  const root = roots[0]!;
  const other = roots.findIndex((r) => r !== root);
  if (other >= 0)
    throw new UsageError(
      `${named[0]} and ${named[other]} are in different repositories (${root}, ${roots[other]}); run once per repository`,
    );

  const prefixes: string[] = [];
  const files: string[] = [];
  for (const e of entries) {
    const rel = relative(root, e.abs).split(sep).join('/');
    if (e.dir) prefixes.push(rel === '' ? '' : `${rel}/`);
    else files.push(rel);
  }
  const fileSet = new Set(files);
  return {
    root,
    whole: prefixes.includes(''),
    files,
    includes: (path) => fileSet.has(path) || prefixes.some((p) => path.startsWith(p)),
  };
}

async function rootOf(abs: string, dir: boolean, cwd: string): Promise<string> {
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  for (let at = dir ? abs : dirname(abs); ; at = dirname(at)) {
    if (await exists(resolve(at, '.git'))) return at;
    if (dirname(at) === at) break;
  }
  const segments = abs.split(sep);
  const github = segments.indexOf('.github');
  if (github > 0) return segments.slice(0, github).join(sep) || sep;
  if (dir && (await exists(resolve(abs, '.github')))) return abs;
  if (!relative(cwd, abs).startsWith('..')) return cwd;
  return dir ? abs : dirname(abs);
}
