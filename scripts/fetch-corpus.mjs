#!/usr/bin/env node
// Fetches the real-world corpus named in test/corpus/MANIFEST.tsv from GitHub into a directory, for the corpus tests
// and benchmarks (RAMPART_CORPUS=<dir>). The files belong to their authors, so only their coordinates live here.
// Usage: node scripts/fetch-corpus.mjs <dir> [--dry-run]   (--dry-run prints each URL and its destination only)
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MANIFEST = fileURLToPath(new URL('../test/corpus/MANIFEST.tsv', import.meta.url));

/** The raw-file URL of one manifest row: the file at exactly that commit. */
function rawUrl({ repo, commit, path }) {
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new Error(`bad repository: ${repo}`);
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new Error(`bad commit: ${commit}`);
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `https://raw.githubusercontent.com/${repo}/${commit}/${encoded}`;
}

function readManifest() {
  const [header, ...lines] = readFileSync(MANIFEST, 'utf8').trim().split('\n');
  const cols = header.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((cell, i) => [cols[i], cell])));
}

async function main(argv) {
  const args = argv.filter((a) => a !== '--dry-run');
  if (args.length !== 1 || args[0].startsWith('-')) {
    process.stderr.write('usage: node scripts/fetch-corpus.mjs <dir> [--dry-run]\n');
    return 2;
  }
  const dir = resolve(args[0]);
  const dryRun = argv.includes('--dry-run');
  let failed = 0;
  for (const row of readManifest()) {
    const dest = resolve(dir, row.file);
    if (relative(dir, dest).startsWith(`..${sep}`)) throw new Error(`file name leaves the directory: ${row.file}`);
    const url = rawUrl(row);
    if (dryRun) {
      process.stdout.write(`${url}\t${dest}\n`);
      continue;
    }
    const res = await fetch(url);
    const bytes = res.ok ? new Uint8Array(await res.arrayBuffer()) : undefined;
    if (!bytes || (row.bytes && bytes.length !== Number(row.bytes))) {
      failed++;
      process.stderr.write(
        `failed: ${url} (${res.ok ? `${bytes.length} bytes, expected ${row.bytes}` : `HTTP ${res.status}`})\n`,
      );
      continue;
    }
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, bytes);
  }
  if (dryRun) return 0;
  mkdirSync(dir, { recursive: true });
  copyFileSync(MANIFEST, resolve(dir, 'MANIFEST.tsv'));
  process.stdout.write(
    `corpus in ${dir}${failed ? `; ${failed} file(s) failed` : ''}; use it with RAMPART_CORPUS=${dir}\n`,
  );
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
