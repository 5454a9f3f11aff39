import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import type { ActionRefsFile } from '../../src/harden/resolver/static-action-resolver.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the real-world corpus is looked for: `RAMPART_CORPUS`, relative to the repository root, default beside the clone. */
export function corpusDir(env: NodeJS.ProcessEnv = process.env): URL {
  const dir = resolve(REPO_ROOT, env.RAMPART_CORPUS || '../shared/corpus');
  return pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`);
}

/** The corpus of real workflow and action files (read-only; its files belong to their authors, never copy them here). */
export const CORPUS_DIR = corpusDir();

export const corpusPresent = (dir: URL = CORPUS_DIR): boolean => existsSync(new URL('MANIFEST.tsv', dir));

/** CI has the corpus, so there a missing corpus is a failure, not a skip. */
const inCi = (env: NodeJS.ProcessEnv): boolean => ['true', '1'].includes((env.CI ?? '').toLowerCase());

/** One line saying where the corpus was looked for and how to get it. */
export function corpusMissingMessage(dir: URL = CORPUS_DIR): string {
  const where = fileURLToPath(dir);
  return `real-world corpus not found at ${where}: run \`node scripts/fetch-corpus.mjs ${where}\` (or set RAMPART_CORPUS to a copy)`;
}

/**
 * `describe` for suites that read the corpus. Absent, the suite is skipped with one line on stderr (jest forwards a
 * worker's stderr, unlike a buffered console.warn with its stack), and `fn` never runs; under CI it fails instead.
 */
export function describeCorpus(name: string, fn: () => void): void {
  if (corpusPresent()) return describe(name, fn);
  const message = corpusMissingMessage();
  if (inCi(process.env)) {
    return describe(name, () => {
      test('the real-world corpus is present (CI must not skip it)', () => {
        throw new Error(message);
      });
    });
  }
  process.stderr.write(`skipped "${name}": ${message}\n`);
  describe.skip(name, () => test(`needs the corpus: ${message}`, () => undefined));
}

/** For benchmarks and reports: the corpus, or one clear line and exit code 1. */
export function requireCorpus(what: string): void {
  if (corpusPresent()) return;
  process.stderr.write(`${what} cannot run: ${corpusMissingMessage()}\n`);
  process.exit(1);
}

const manifestRow = z.object({
  file: z.string().min(1),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  path: z.string().min(1),
  commit: z.string().regex(/^[0-9a-f]{40}$/),
});
export type CorpusEntry = z.infer<typeof manifestRow> & { bytes: Uint8Array };

export function loadCorpus(): CorpusEntry[] {
  const tsv = readFileSync(new URL('MANIFEST.tsv', CORPUS_DIR), 'utf8');
  const [header, ...rows] = tsv.trim().split('\n');
  const cols = header!.split('\t');
  return rows.map((line) => {
    const cells = line.split('\t');
    const row = manifestRow.parse(Object.fromEntries(cols.map((c, i) => [c, cells[i]])));
    return { ...row, bytes: readFileSync(new URL(row.file, CORPUS_DIR)) };
  });
}

/** The corpus grouped into one file map per source repository, at each file's real path there. */
export function corpusRepos(entries = loadCorpus()): Map<string, Map<string, Uint8Array>> {
  const repos = new Map<string, Map<string, Uint8Array>>();
  for (const e of entries) {
    let files = repos.get(e.repo);
    if (!files) repos.set(e.repo, (files = new Map()));
    files.set(e.path, e.bytes);
  }
  return repos;
}

const USES = /^\s*-?\s*['"]?uses['"]?\s*:\s*['"]?([^\s'"#]+)['"]?(?:\s*#\s*(\S+))?/gm;
const BRANCHY = /^(main|master|develop|dev|trunk|stable|nightly|latest|release.*|.*\/.*)$/;

/**
 * A resolver table covering every remote ref in the corpus, so corpus tests and benchmarks never touch the network.
 * SHAs are synthetic (sha1 of `owner/repo@ref`) except pins already in the corpus, whose version comment is mapped to
 * the pinned SHA so correct pins stay correct. harden-runner gets its v2 line too.
 */
export function corpusRefTable(entries = loadCorpus()): ActionRefsFile {
  type Refs = { tags: Record<string, string>; branches: Record<string, string>; history: string[] };
  const table: Record<string, Refs> = {};
  const add = (repo: string, kind: 'tags' | 'branches', name: string, sha: string) => {
    const slot = (table[repo.toLowerCase()] ??= { tags: {}, branches: {}, history: [] });
    slot[kind][name] ??= sha;
  };
  const fake = (s: string) => createHash('sha1').update(s).digest('hex');
  for (const e of entries) {
    const text = Buffer.from(e.bytes).toString('utf8');
    for (const m of text.matchAll(USES)) {
      const value = m[1]!;
      if (value.startsWith('./') || value.startsWith('docker://') || value.includes('${{')) continue;
      const at = value.lastIndexOf('@');
      const parts = value.slice(0, at).split('/');
      if (at < 0 || parts.length < 2) continue;
      const repo = `${parts[0]}/${parts[1]}`;
      const ref = value.slice(at + 1);
      if (/^[0-9a-f]{40}$/i.test(ref)) {
        if (m[2] && /^v?\d/.test(m[2])) add(repo, 'tags', m[2], ref.toLowerCase());
        // Any other pin is taken for a commit of its repository (impostor-commit has no fork to find it in).
        else (table[repo.toLowerCase()] ??= { tags: {}, branches: {}, history: [] }).history.push(ref.toLowerCase());
        continue;
      }
      add(repo, BRANCHY.test(ref) ? 'branches' : 'tags', ref, fake(`${repo}@${ref}`));
    }
  }
  const hr = fake('step-security/harden-runner@v2');
  add('step-security/harden-runner', 'tags', 'v2', hr);
  add('step-security/harden-runner', 'tags', 'v2.13.2', hr);
  return table;
}

/** Parses without the engine, for checks that must not trust it. */
export function parsesCleanly(text: string): boolean {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  return Array.isArray(docs) && docs.length === 1 && docs[0]!.errors.length === 0;
}
