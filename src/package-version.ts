import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder of the nearest package.json up the tree: the code runs both from src/ (tests) and dist/src/ (installed). */
export function packageRoot(): string {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    if (existsSync(new URL('package.json', dir))) return fileURLToPath(dir);
  }
  throw new Error('rampart: no package.json above the code');
}

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
