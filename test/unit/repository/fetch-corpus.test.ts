import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// scripts/fetch-corpus.mjs cannot reach GitHub here, so its --dry-run shows what it would fetch and where.
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts', 'fetch-corpus.mjs');
const [header, ...rows] = readFileSync(join(ROOT, 'test', 'corpus', 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n');

describe('test/corpus/MANIFEST.tsv and scripts/fetch-corpus.mjs', () => {
  test('the manifest holds facts only: file, repository, path, commit, size', () => {
    expect(header!.split('\t')).toEqual(['file', 'repo', 'path', 'commit', 'bytes']);
    expect(rows.length).toBeGreaterThan(300);
    for (const row of rows)
      expect(row).toMatch(/^(workflows|actions)\/[^\t/]+\t[\w.-]+\/[\w.-]+\t[^\t]+\t[0-9a-f]{40}\t\d+$/);
  });

  test('fetches each file at its commit from raw.githubusercontent.com into the given directory', async () => {
    const dir = '/tmp/rampart-corpus-dry-run';
    const { stdout } = await run(process.execPath, [SCRIPT, dir, '--dry-run']);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(rows.length);
    expect(lines[0]).toBe(
      'https://raw.githubusercontent.com/actions/checkout/f548e57e544e1ff5a4c46bf1e1b8685f8e4a348a/.github/workflows/check-dist.yml' +
        `\t${dir}/workflows/actions__checkout__check-dist.yml`,
    );
    lines.forEach((line, i) => {
      const [file, repo, path, commit] = rows[i]!.split('\t');
      expect(line).toBe(`https://raw.githubusercontent.com/${repo}/${commit}/${path}\t${dir}/${file}`);
    });
  });

  test('without a directory it prints its usage and exits 2', async () => {
    const failure = await run(process.execPath, [SCRIPT]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('usage: node scripts/fetch-corpus.mjs <dir>');
  });
});
