import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { treeAfterChanges, type ListedTreeEntry } from '../../../src/github/tree-after-changes.js';

/** git itself is the reference: the listing comes from `git ls-tree`, the expected id from `git write-tree`. */
describe('treeAfterChanges', () => {
  let dir: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-tree-'));
    git('init', '-q');
    write('README.md', '# r\n');
    write('.github/workflows/ci.yml', 'on: push\n');
    write('.github/workflows/release.yml', 'on: release\n');
    write('tools/run.sh', '#!/bin/sh\n');
    chmodSync(join(dir, 'tools/run.sh'), 0o755);
    write('a/b/c/action.yml', 'runs: {using: composite, steps: []}\n');
    git('add', '-A');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const listing = (): ListedTreeEntry[] =>
    git('ls-tree', '-r', '-t', git('write-tree'))
      .split('\n')
      .map((line) => {
        const [meta, path] = line.split('\t') as [string, string];
        const [mode, type, sha] = meta.split(' ') as [string, ListedTreeEntry['type'], string];
        return { path, mode, type, sha };
      });

  test.each([
    ['a changed workflow', { '.github/workflows/ci.yml': 'on: push\npermissions: {}\n' }],
    ['a new file in a new directory', { '.github/dependabot.yml': 'version: 2\n', 'x/y/z.yml': 'a: 1\n' }],
    [
      'changes at several depths',
      { 'a/b/c/action.yml': 'name: x\n', 'README.md': '# changed\n', 'tools/run.sh': '#!/bin/sh\necho\n' },
    ],
  ])('%s: same id as git', (_name, changes) => {
    const before = listing();
    for (const [path, text] of Object.entries(changes)) write(path, text);
    git('add', '-A');
    const expected = git('write-tree');
    const bytes = new Map(Object.entries(changes).map(([p, t]) => [p, new TextEncoder().encode(t)]));
    expect(treeAfterChanges(before, bytes)).toBe(expected);
  });
});
