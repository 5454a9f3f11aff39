import { githubActionResolver } from '../../../src/github/github-action-resolver.js';
import { createOctokit } from '../../../src/github/octokit-factory.js';
import { ResolveError } from '../../../src/harden/resolver/action-resolver.js';
import { startEmulator, type EmulatorHandle } from '@rampart/github-emulator';

const PINNED = 'b'.repeat(40);
const TOKEN = 'ghp_' + 'R'.repeat(36);
const seed = {
  users: [{ login: 'dev', id: 7, email: 'dev@example.com' }],
  orgs: [{ login: 'acts', id: 1, members: {} }],
  repositories: [
    {
      owner: 'acts',
      name: 'tool',
      private: false,
      default_branch: 'main',
      files: { 'action.yml': 'name: tool\n' },
      branches: { release: {} },
      tags: {
        v1: { annotated: true },
        'v1.4.0': { annotated: true },
        'v1.4': {},
        v0: { sha: PINNED },
        'v0.9.1': { sha: PINNED },
      },
    },
    {
      owner: 'acts',
      name: 'secret-tool',
      private: true,
      default_branch: 'main',
      collaborators: { dev: 'read' },
      files: { 'action.yml': 'name: s\n' },
      tags: { v1: {} },
    },
  ],
  tokens: [{ token: TOKEN, kind: 'classic', user: 'dev', scopes: ['repo', 'workflow'] }],
};

describe('githubActionResolver against the emulator', () => {
  let gh: EmulatorHandle;
  let head: string;
  beforeAll(async () => {
    gh = await startEmulator({ seed });
    head = (
      await (
        await fetch(`${gh.url}/repos/acts/tool/commits/main`, { headers: { accept: 'application/vnd.github.sha' } })
      ).text()
    ).trim();
  });
  afterAll(() => gh.close());
  const resolver = () => githubActionResolver(createOctokit({ baseUrl: gh.url, token: TOKEN, retries: 0 }));

  test('an annotated tag resolves to the peeled commit, with the most specific tag on it', async () => {
    await expect(resolver().resolve('acts/tool', 'v1')).resolves.toEqual({ sha: head, tag: 'v1.4.0', refType: 'tag' });
  });

  test('stub tags carry their explicit SHA', async () => {
    await expect(resolver().resolve('acts/tool', 'v0')).resolves.toEqual({
      sha: PINNED,
      tag: 'v0.9.1',
      refType: 'tag',
    });
    await expect(resolver().tagFor('acts/tool', PINNED)).resolves.toBe('v0.9.1');
  });

  test('a branch resolves to its head; a full SHA to itself', async () => {
    await expect(resolver().resolve('acts/tool', 'release')).resolves.toMatchObject({ sha: head, refType: 'branch' });
    await expect(resolver().resolve('acts/tool', head)).resolves.toMatchObject({ sha: head, refType: 'commit' });
  });

  test('missing refs and repositories the token cannot see fail as not-found', async () => {
    const r = resolver();
    await expect(r.resolve('acts/tool', 'v9')).rejects.toMatchObject({
      reason: 'not-found',
      message: 'acts/tool has no tag, branch or commit named v9',
    });
    const anonymous = githubActionResolver(createOctokit({ baseUrl: gh.url, retries: 0 }));
    await expect(anonymous.resolve('acts/secret-tool', 'v1')).rejects.toBeInstanceOf(ResolveError);
    await expect(r.resolve('acts/secret-tool', 'v1')).resolves.toMatchObject({ refType: 'tag' });
  });

  test('one tag listing per repository serves every ref and comment lookup', async () => {
    const since = gh.control.requests().lastSeq;
    const r = resolver();
    await Promise.all([r.resolve('acts/tool', 'v1'), r.resolve('acts/tool', 'v1.4'), r.tagFor('acts/tool', PINNED)]);
    const paths = gh.control.requests({ since }).entries.map((e) => e.path);
    expect(paths).toEqual(['/repos/acts/tool/tags']);
  });

  test('a revoked token is reported as no access, not as a missing ref', async () => {
    gh.control.revokeToken(TOKEN);
    await expect(resolver().resolve('acts/tool', 'v1')).rejects.toMatchObject({ reason: 'no-access' });
  });
});
