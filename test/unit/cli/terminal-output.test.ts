import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../src/cli/cli-io.js';
import { selectPaths } from '../../../src/cli/harden/select-paths.js';
import { usesLines } from '../../../src/cli/harden/uses-lines.js';
import { colour, colourEnabled } from '../../../src/cli/report/colour.js';

describe('colour', () => {
  test.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ TERM: 'dumb' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
  ])('env %j on a terminal=%s: %s', (env, terminal, expected) => {
    expect(colourEnabled(env, terminal)).toBe(expected);
  });

  test('styles only when on', () => {
    expect(colour(true).red('x')).toBe('\x1b[31mx\x1b[39m');
    expect(colour(false).red('x')).toBe('x');
  });
});

describe('uses lines', () => {
  test('finds remote refs with their line and version comment, and nothing else', () => {
    const text = [
      'steps:',
      '  - uses: actions/checkout@v4',
      "  - uses: 'actions/setup-node@v4' # node",
      `  - uses: actions/cache@${'a'.repeat(40)} # v4.2.0`,
      '  - uses: ./local',
      '  - uses: docker://alpine:3',
      '  - uses: ${{ matrix.action }}',
      '  # - uses: commented/out@v1',
      '    uses: octo-org/reusable/.github/workflows/build.yml@main',
    ].join('\n');
    expect(usesLines(text)).toEqual([
      { line: 2, repo: 'actions/checkout', action: 'actions/checkout', ref: 'v4' },
      { line: 3, repo: 'actions/setup-node', action: 'actions/setup-node', ref: 'v4', comment: 'node' },
      { line: 4, repo: 'actions/cache', action: 'actions/cache', ref: 'a'.repeat(40), comment: 'v4.2.0' },
      { line: 9, repo: 'octo-org/reusable', action: 'octo-org/reusable/.github/workflows/build.yml', ref: 'main' },
    ]);
  });
});

describe('positional paths', () => {
  let top: string;
  beforeEach(async () => {
    top = await mkdtemp(join(tmpdir(), 'rampart-paths-'));
    await mkdir(join(top, 'repo/.git'), { recursive: true });
    await mkdir(join(top, 'repo/.github/workflows'), { recursive: true });
    await mkdir(join(top, 'repo/tools/lint'), { recursive: true });
    await writeFile(join(top, 'repo/.github/workflows/ci.yml'), 'on: push\n');
    await writeFile(join(top, 'repo/tools/lint/action.yml'), 'runs: {using: node20, main: x.js}\n');
    await mkdir(join(top, 'plain/.github/workflows'), { recursive: true });
    await writeFile(join(top, 'plain/.github/workflows/ci.yml'), 'on: push\n');
  });
  afterEach(() => rm(top, { recursive: true, force: true }));

  test('files and folders of a git checkout are relative to its root, wherever the command runs', async () => {
    const s = await selectPaths(join(top, 'repo/tools'), ['lint', '../.github/workflows/ci.yml']);
    expect(s.root).toBe(join(top, 'repo'));
    expect(s.whole).toBe(false);
    expect(s.files).toEqual(['.github/workflows/ci.yml']);
    expect(s.includes('tools/lint/action.yml')).toBe(true);
    expect(s.includes('.github/workflows/ci.yml')).toBe(true);
    expect(s.includes('.github/workflows/other.yml')).toBe(false);
    expect((await selectPaths(join(top, 'repo/tools'), [])).includes('tools/lint/action.yml')).toBe(true);
    expect((await selectPaths(join(top, 'repo'), [])).whole).toBe(true);
  });

  test('without git: a named folder is its own root, and a path through .github finds the folder above it', async () => {
    expect((await selectPaths(top, ['plain'])).root).toBe(join(top, 'plain'));
    const file = await selectPaths(top, ['plain/.github/workflows/ci.yml']);
    expect(file.root).toBe(join(top, 'plain'));
    expect(file.files).toEqual(['.github/workflows/ci.yml']);
  });

  test('a missing path, or paths in two repositories, are usage errors', async () => {
    await expect(selectPaths(top, ['nope'])).rejects.toThrow(
      new UsageError('cannot read nope: no such file or directory'),
    );
    await expect(selectPaths(top, ['plain', 'repo'])).rejects.toThrow(/are in different repositories/);
  });
});
