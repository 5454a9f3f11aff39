import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { classifyPath } from '../harden/classify-path.js';

/** Folders that never hold a repository's own workflows or actions. */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

/**
 * Collects the files the engine reads (workflows, actions, Dependabot config) under `root`, keyed by their
 * repository-relative path. Symbolic links are not followed, so a link cannot make Rampart read or write outside.
 */
export async function readRepoFiles(root: string): Promise<Map<string, Uint8Array>> {
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
      if (!classifyPath(path)) continue;
      files.set(path, await readFile(full));
    }
  };
  const stat = await lstat(root);
  if (!stat.isDirectory()) throw new Error(`${root} is not a directory`);
  await walk(root);
  return files;
}
