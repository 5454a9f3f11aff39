import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// The repository stands alone: nothing it ships or documents points outside the clone, and every
// `docs/<page>.md#<anchor>` cited anywhere names a heading that exists.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SELF = relative(ROOT, fileURLToPath(import.meta.url));
const ROOTS = ['README.md', 'docs', 'src', 'workers', 'test', 'scripts', 'packages'];
const TEXT = /\.(ts|mts|js|mjs|cjs|md|json|ya?ml|css|html|tsv|txt)$/;
/** The one place allowed to name the corpus's default location beside the clone. */
const ALLOWED = new Set([SELF, join('test', 'support', 'corpus.ts')]);

const OUTSIDE = [/\.\.\/shared\b/, /\/work\/shared\b/, /\/tmp\/kb\b/, /github-facts/];
/** Documents that live outside the repository; docs/ may name them (history), nothing else may. */
const EXTERNAL_DOCS = [/hardening-rules\.md/, /\bDESIGN\.md/];

function walk(path: string): string[] {
  const abs = join(ROOT, path);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return TEXT.test(path) ? [path] : [];
  return readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && !e.name.startsWith('.'))
    .flatMap((e) => walk(join(path, e.name)));
}

const files = ROOTS.flatMap(walk).filter((f) => !ALLOWED.has(f));
const text = new Map(files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
const anchorsOf = (markdown: string) => new Set([...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));

function lineOf(body: string, index: number): number {
  return body.slice(0, index).split('\n').length;
}

describe('the repository stands alone', () => {
  test('scans the shipped code, tests and docs', () => {
    for (const must of ['README.md', 'docs/architecture.md', 'docs/github-behaviour.md', 'docs/rules.md'])
      expect(files).toContain(must);
    expect(files.filter((f) => f.startsWith(`src${sep}`)).length).toBeGreaterThan(100);
  });

  test('nothing points outside the repository', () => {
    const offenders: string[] = [];
    for (const [file, body] of text) {
      const patterns = file.startsWith(`docs${sep}`) ? OUTSIDE : [...OUTSIDE, ...EXTERNAL_DOCS];
      for (const p of patterns) {
        const m = new RegExp(p.source, 'g').exec(body);
        if (m) offenders.push(`${file}:${lineOf(body, m.index)}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test('every docs/<page>.md#<anchor> cited names a heading of that page', () => {
    const cited: string[] = [];
    const broken: string[] = [];
    for (const [file, body] of text) {
      for (const m of body.matchAll(/\bdocs\/([\w-]+\.md)#([\w-]+)/g)) {
        cited.push(m[0]);
        const doc = join(ROOT, 'docs', m[1]!);
        if (!existsSync(doc) || !anchorsOf(readFileSync(doc, 'utf8')).has(m[2]!))
          broken.push(`${file}:${lineOf(body, m.index)}: ${m[0]}`);
      }
    }
    expect(broken).toEqual([]);
    expect(cited.length).toBeGreaterThan(20);
  });

  test('relative links in the markdown resolve to files inside the repository, and their anchors exist', () => {
    const broken: string[] = [];
    for (const [file, body] of text) {
      if (!file.endsWith('.md')) continue;
      for (const m of body.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target)) continue;
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const abs = path ? resolve(ROOT, dirname(file), path) : join(ROOT, file);
        const where = `${file}:${lineOf(body, m.index)}: ${target}`;
        if (relative(ROOT, abs).startsWith('..') || !existsSync(abs)) broken.push(where);
        else if (anchor && abs.endsWith('.md') && !anchorsOf(readFileSync(abs, 'utf8')).has(anchor)) broken.push(where);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the anchor rule', () => {
  test('matches the anchors GitHub gives headings', () => {
    expect([...anchorsOf('## Workflows gate\n### The request budget\n## App path (JWT, tokens)\n')]).toEqual([
      'workflows-gate',
      'the-request-budget',
      'app-path-jwt-tokens',
    ]);
  });
});
