import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Runs the real corpus suites in a child jest with the corpus pointed at an empty directory: without CI they are
// skipped with one visible line each and the run passes; with CI=true they fail instead of skipping.
const run = promisify(execFile);
const ROOT = new URL('../../../', import.meta.url).pathname;
const SUITES = [
  'test/integration/harden/corpus.test.ts',
  'test/integration/harden/actionlint-corpus.test.ts',
  'test/integration/harden/template-injection-actionlint.test.ts',
  'test/unit/harden/rules/token-permissions.test.ts',
];

async function jest(corpus: string, ci: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '--runTestsByPath',
    ...SUITES,
    '-t',
    'corpus',
  ];
  const env = { ...process.env, RAMPART_CORPUS: corpus, CI: ci, NODE_OPTIONS: '' };
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: ROOT, env, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('corpus suites without the corpus', () => {
  const empty = mkdtempSync(join(tmpdir(), 'rampart-no-corpus-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));
  const missing = `real-world corpus not found at ${empty}/: run \`node scripts/fetch-corpus.mjs ${empty}/\``;

  test('are skipped, each with one visible line saying how to get it, and the run passes', async () => {
    const r = await jest(empty, 'false');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('skipped "'));
    expect(lines).toHaveLength(SUITES.length);
    for (const line of lines) expect(line).toContain(missing);
    expect(r.stderr).toMatch(/Tests:.* skipped/);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code).toBe(0);
  });

  test('fail under CI=true instead of skipping', async () => {
    const r = await jest(empty, 'true');
    expect(r.stderr).not.toMatch(/^skipped "/m);
    expect(r.stderr).toContain('the real-world corpus is present (CI must not skip it)');
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toMatch(new RegExp(`Tests:\\s+${SUITES.length} failed`));
    expect(r.code).toBe(1);
  });
});
