import type { PushEvent } from '../../../src/github/app/app-webhooks.js';
import { commitMessage } from '../../../src/orchestrate/commit-message.js';
import { decidePush } from '../../../src/policies/push-decision.js';
import { isWatchedPath } from '../../../src/policies/watched-paths.js';

const commit = (message: string, files: { added?: string[]; modified?: string[]; removed?: string[] }) => ({
  id: `c${message.length}`,
  message,
  added: [],
  modified: [],
  removed: [],
  ...files,
});
const push = (commits: PushEvent['commits'], over: Partial<PushEvent> = {}): PushEvent => ({
  repository: 'o/r',
  defaultBranch: 'main',
  ref: 'refs/heads/main',
  before: 'a'.repeat(40),
  after: 'b'.repeat(40),
  deleted: false,
  forced: false,
  commits,
  sender: 'dev',
  ...over,
});
const rampart = commitMessage('Harden GitHub Actions workflows', [{ file: '.github/workflows/ci.yml' }]);

describe('which files a push must touch', () => {
  test.each([
    ['.github/workflows/ci.yml', true],
    ['.github/workflows/nested/x.yaml', true],
    ['action.yml', true],
    ['actions/setup/action.yaml', true],
    ['.github/dependabot.yml', true],
    ['.github/dependabot.yaml', true],
    ['.github/rampart.yml', true],
    ['README.md', false],
    ['src/action.yml.bak', false],
    ['docs/.github/workflows/ci.yml', false],
    ['.github/CODEOWNERS', false],
    ['myaction.yml', false],
  ])('%s → %s', (path, watched) => expect(isWatchedPath(path)).toBe(watched));
});

describe('whether a push starts a policy run', () => {
  test('a workflow changed on the default branch: run, with the head and the files', () => {
    const decision = decidePush(
      push([
        commit('Add lint', { added: ['.github/workflows/lint.yml'], modified: ['README.md'] }),
        commit('Tweak action', { modified: ['action.yml'] }),
      ]),
    );
    expect(decision).toEqual({
      run: true,
      headSha: 'b'.repeat(40),
      paths: ['.github/workflows/lint.yml', 'action.yml'],
    });
  });

  test('a removed workflow counts too (Dependabot or harden-runner settings may go with it)', () => {
    expect(decidePush(push([commit('Drop CI', { removed: ['.github/workflows/ci.yml'] })])).run).toBe(true);
  });

  test.each([
    [
      'another branch',
      push([commit('x', { added: ['.github/workflows/a.yml'] })], { ref: 'refs/heads/feature' }),
      'not the default branch',
    ],
    [
      'a tag',
      push([commit('x', { added: ['.github/workflows/a.yml'] })], { ref: 'refs/tags/v1' }),
      'not the default branch',
    ],
    ['the branch deleted', push([], { deleted: true, after: '0'.repeat(40) }), 'the branch was deleted'],
    ['no watched file', push([commit('Docs', { modified: ['README.md', 'src/index.ts'] })]), 'no workflow'],
    ['no commits (moved back)', push([], { forced: true }), 'no workflow'],
  ])('%s: no run', (_name, event, reason) => {
    const decision = decidePush(event);
    expect(decision.run).toBe(false);
    expect(decision.run === false && decision.reason).toMatch(reason);
  });

  test("Rampart's merged pull request does not loop: its commit and the merge commit are Rampart's own", () => {
    const merged = push([
      commit(rampart, { modified: ['.github/workflows/ci.yml'] }),
      commit('Merge pull request #7 from o/rampart/harden-workflows\n\nHarden', {
        modified: ['.github/workflows/ci.yml'],
      }),
    ]);
    expect(decidePush(merged)).toEqual({ run: false, reason: "Rampart's own change (its merged pull request)" });
    // Squash-merged: the squash commit keeps the marker line of the commit it squashes.
    expect(
      decidePush(
        push([
          commit(`Harden GitHub Actions workflows (#7)\n\n* ${rampart}`, { modified: ['.github/workflows/ci.yml'] }),
        ]),
      ).run,
    ).toBe(false);
  });

  test("a developer's workflow change pushed with Rampart's merge still runs", () => {
    const mixed = push([
      commit(rampart, { modified: ['.github/workflows/ci.yml'] }),
      commit('Add release', { added: ['.github/workflows/release.yml'] }),
    ]);
    expect(decidePush(mixed)).toMatchObject({
      run: true,
      paths: ['.github/workflows/ci.yml', '.github/workflows/release.yml'],
    });
    // A merge with no authored commit listed (its commits were pushed before) is not taken for Rampart's.
    expect(
      decidePush(push([commit("Merge branch 'main' into x", { modified: ['.github/workflows/ci.yml'] })])).run,
    ).toBe(true);
  });
});
