import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { classifyPath } from '../harden/classify-path.js';

/** Folders that never hold a repository's own workflows or actions. */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface ReadOptions {
  /** Paths left out (the configuration's `paths-ignore`). */
  skip?: (path: string) => boolean;
  /** Told about each file as soon as it is read, so resolving its refs can start while the rest are read. */
  onFile?: (path: string, bytes: Uint8Array) => void;
}

/**
 * Collects the files the engine reads (workflows, actions, Dependabot config) under `root`, keyed by their
 * repository-relative path. Symbolic links are not followed, so a link cannot make Rampart read or write outside.
 */
export async function readRepoFiles(root: string, options: ReadOptions = {}): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) await walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const path = relative(root, full).split(sep).join('/');
      if (!classifyPath(path) || options.skip?.(path)) continue;
      const bytes = await readFile(full);
      files.set(path, bytes);
      options.onFile?.(path, bytes);
    }
  };
  const stat = await lstat(root);
  if (!stat.isDirectory()) throw new Error(`${root} is not a directory`);
  await walk(root);
  return files;
}

/** Scripts larger than this are not read: the engine judges their commands, it does not need build artifacts. */
const MAX_WANTED_BYTES = 256 * 1024;

/**
 * The files the engine asked for (repository-relative) that exist under `root` as regular files within the size
 * bound; missing ones, directories, links and paths that would leave `root` are skipped.
 */
export async function readWantedFiles(root: string, paths: readonly string[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const realRoot = await realpath(root);
  for (const path of paths) {
    const full = resolve(root, path);
    if (relative(root, full).startsWith('..') || path.includes('\0')) continue;
    const stat = await lstat(full).catch(() => undefined);
    if (!stat?.isFile() || stat.size > MAX_WANTED_BYTES) continue;
    // A linked directory on the way would lead outside: the file's real place must be inside the real root.
    if (relative(realRoot, await realpath(full)).startsWith('..')) continue;
    out.set(path, await readFile(full));
  }
  return out;
}
