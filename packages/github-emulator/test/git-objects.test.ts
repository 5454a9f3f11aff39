import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { objectId } from '../src/git/object-id.js';
import { ObjectStore } from '../src/git/object-store.js';
import { applyTreeChanges, buildTree, flattenTree } from '../src/git/tree-ops.js';

// Object ids must equal what the git CLI computes for the same content.
const ident = {
  GIT_AUTHOR_NAME: 'Alice Example',
  GIT_AUTHOR_EMAIL: 'alice@example.com',
  GIT_AUTHOR_DATE: '1704067200 +0000',
  GIT_COMMITTER_NAME: 'Alice Example',
  GIT_COMMITTER_EMAIL: 'alice@example.com',
  GIT_COMMITTER_DATE: '1704067200 +0000',
};
const sig = { name: 'Alice Example', email: 'alice@example.com', time: 1704067200, tz: '+0000' };

let dir: string;
const git = (args: string[], input?: string) =>
  execFileSync('git', args, {
    cwd: dir,
    env: { ...process.env, ...ident, GIT_CONFIG_NOSYSTEM: '1', HOME: dir },
    input,
    encoding: 'utf8',
  }).trim();

const files: Record<string, { content: string; exec?: boolean }> = {
  'README.md': { content: '# hello\n' },
  'a.txt': { content: 'a file\n' },
  'a-b': { content: 'dash\n' },
  'a/b.txt': { content: 'nested\n' },
  'a/c/deep.yml': { content: 'deep: true\n' },
  'a.b/x': { content: 'dotted dir\n' },
  '.github/workflows/ci.yml': { content: 'on: push\n' },
  'run.sh': { content: '#!/bin/sh\necho hi\n', exec: true },
  'ünïcode.txt': { content: 'utf-8 name\n' },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-git-'));
  git(['init', '-q']);
  git(['config', 'core.fileMode', 'true']);
  for (const [path, f] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), f.content);
    if (f.exec) chmodSync(join(dir, path), 0o755);
  }
  git(['add', '-A']);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function storeWithFiles(): { store: ObjectStore; tree: string } {
  const store = new ObjectStore();
  const leaves = new Map(
    Object.entries(files).map(([path, f]) => [
      path,
      { mode: f.exec ? '100755' : '100644', sha: store.putBlob(Buffer.from(f.content)) },
    ]),
  );
  return { store, tree: buildTree(store, leaves) };
}

test('blob ids match git hash-object', () => {
  for (const f of Object.values(files))
    expect(objectId('blob', Buffer.from(f.content))).toBe(git(['hash-object', '--stdin'], f.content));
  expect(objectId('blob', Buffer.alloc(0))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
});

test('tree ids (git sort order, modes, nesting) match git write-tree', () => {
  expect(storeWithFiles().tree).toBe(git(['write-tree']));
});

test('commit ids match git commit-tree, with and without parents', () => {
  const { store, tree } = storeWithFiles();
  const first = store.putCommit({ tree, parents: [], author: sig, committer: sig, message: 'Initial commit\n' });
  expect(first).toBe(git(['commit-tree', tree, '-m', 'Initial commit']));
  const second = store.putCommit({
    tree,
    parents: [first],
    author: sig,
    committer: sig,
    message: 'Second\n\nWith a body\n',
  });
  expect(second).toBe(git(['commit-tree', tree, '-p', first, '-m', 'Second', '-m', 'With a body']));
});

test('annotated tag ids match git tag -a', () => {
  const { store, tree } = storeWithFiles();
  const commit = store.putCommit({ tree, parents: [], author: sig, committer: sig, message: 'Initial commit\n' });
  expect(commit).toBe(git(['commit-tree', tree, '-m', 'Initial commit']));
  git(['tag', '-a', 'v1.0.0', '-m', 'release v1.0.0', commit]);
  const tag = store.putTag({
    object: commit,
    objectType: 'commit',
    tag: 'v1.0.0',
    tagger: sig,
    message: 'release v1.0.0\n',
  });
  expect(tag).toBe(git(['rev-parse', 'v1.0.0']));
  expect(store.peel(tag)).toEqual({ sha: commit, type: 'commit' });
});

test('POST /git/trees semantics (base_tree, inline content, sha:null, subtree replace) give the tree git would write', () => {
  const { store, tree } = storeWithFiles();
  const next = applyTreeChanges(store, tree, [
    { path: '.github/workflows/ci.yml', mode: '100644', type: 'blob', content: 'on: pull_request\n' },
    { path: 'a/c/deep.yml', mode: '100644', type: 'blob', sha: null },
    { path: 'new/dir/file.txt', mode: '100644', type: 'blob', content: 'new\n' },
  ]);
  writeFileSync(join(dir, '.github/workflows/ci.yml'), 'on: pull_request\n');
  rmSync(join(dir, 'a/c'), { recursive: true });
  mkdirSync(join(dir, 'new/dir'), { recursive: true });
  writeFileSync(join(dir, 'new/dir/file.txt'), 'new\n');
  git(['add', '-A']);
  expect(next).toBe(git(['write-tree']));
  expect(flattenTree(store, next).has('a/c/deep.yml')).toBe(false);
  expect(() =>
    applyTreeChanges(store, next, [{ path: 'missing.txt', mode: '100644', type: 'blob', sha: null }]),
  ).toThrow('GitRPC::BadObjectState');
  expect(() => applyTreeChanges(store, next, [{ path: 'x', mode: '100600', type: 'blob', content: 'x' }])).toThrow(
    'tree.mode',
  );
});
