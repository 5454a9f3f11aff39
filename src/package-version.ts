import { existsSync, readFileSync } from 'node:fs';

/** Read from the nearest package.json up the tree: the code runs both from src/ (tests) and dist/src/ (installed). */
export function packageVersion(): string {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    const candidate = new URL('package.json', dir);
    if (existsSync(candidate)) return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}
