#!/usr/bin/env node
// Thin launcher: the compiled emulator lives in dist/ (built by `npm run build` here or at the repository root).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('github-emulator: not built yet; run `npm run build` (npm ci does it for you).\n');
  process.exit(2);
}
await import(entry.href);
