import { githubActionResolver, MAX_ACTION_METADATA_BYTES } from '../../../src/github/github-action-resolver.js';
import { createOctokit } from '../../../src/github/octokit-factory.js';
import { ResolveError } from '../../../src/harden/resolver/action-resolver.js';
import { startEmulator, type EmulatorHandle } from '@rampart/github-emulator';

const TOKEN = 'ghp_' + 'M'.repeat(36);
const ROOT_ACTION = 'name: tool\nruns:\n  using: node20\n  main: index.js\n';
const SUB_ACTION = 'name: sub — ünïcode\nruns:\n  using: composite\n  steps: []\n';
const YAML_ACTION = 'name: yaml-only\nruns:\n  using: docker\n  image: Dockerfile\n';
const seed = {
  users: [{ login: 'dev', id: 7, email: 'dev@example.com' }],
  orgs: [{ login: 'acts', id: 1, members: {} }],
  repositories: [
    {
      owner: 'acts',
      name: 'tool',
      private: false,
      default_branch: 'main',
      files: {
        'action.yml': ROOT_ACTION,
        'action.yaml': 'name: shadowed\n',
        'sub/dir/action.yml': SUB_ACTION,
        'docs/README.md': '# docs\n',
        'big/action.yml': 'x'.repeat(MAX_ACTION_METADATA_BYTES + 1),
      },
      tags: { v1: {} },
    },
    { owner: 'acts', name: 'yaml-only', private: false, default_branch: 'main', files: { 'action.yaml': YAML_ACTION } },
    {
      owner: 'acts',
      name: 'secret-tool',
      private: true,
      default_branch: 'main',
      collaborators: { dev: 'read' },
      files: { 'action.yml': 'name: s\n' },
    },
  ],
  tokens: [{ token: TOKEN, kind: 'classic', user: 'dev', scopes: ['repo'] }],
};

describe('githubActionResolver.actionMetadata against the emulator', () => {
  let gh: EmulatorHandle;
  const heads: Record<string, string> = {};
  beforeAll(async () => {
    gh = await startEmulator({ seed });
    for (const repo of ['tool', 'yaml-only', 'secret-tool']) {
      const res = await fetch(`${gh.url}/repos/acts/${repo}/commits/main`, {
        headers: { accept: 'application/vnd.github.sha', authorization: `token ${TOKEN}` },
      });
      heads[repo] = (await res.text()).trim();
    }
  });
  afterAll(() => gh.close());
  const resolver = (token: string | null = TOKEN) =>
    githubActionResolver(createOctokit({ baseUrl: gh.url, token: token ?? undefined, retries: 0 }));
  const requestsDuring = async <T>(fn: () => Promise<T>) => {
    const since = gh.control.requests().lastSeq;
    const value = await fn();
    return {
      value,
      requests: gh.control
        .requests({ since })
        .entries.map((e) => `${e.method} ${e.path}?${e.query}`.replace(/\?$/, '')),
    };
  };

  test('action.yml at the root is read with one raw request at the commit', async () => {
    const { value, requests } = await requestsDuring(() => resolver().actionMetadata!('acts/tool', '', heads.tool!));
    expect(value).toBe(ROOT_ACTION);
    expect(requests).toEqual([`GET /repos/acts/tool/contents/action.yml?ref=${heads.tool}`]);
  });

  test('a subdirectory action is read from its directory, as UTF-8 text', async () => {
    const { value, requests } = await requestsDuring(() =>
      resolver().actionMetadata!('acts/tool', 'sub/dir', heads.tool!),
    );
    expect(value).toBe(SUB_ACTION);
    expect(requests).toEqual([`GET /repos/acts/tool/contents/sub/dir/action.yml?ref=${heads.tool}`]);
  });

  test('action.yaml is the fallback when action.yml is missing', async () => {
    const { value, requests } = await requestsDuring(() =>
      resolver().actionMetadata!('acts/yaml-only', '', heads['yaml-only']!),
    );
    expect(value).toBe(YAML_ACTION);
    expect(requests.map((r) => r.split('?')[0])).toEqual([
      'GET /repos/acts/yaml-only/contents/action.yml',
      'GET /repos/acts/yaml-only/contents/action.yaml',
    ]);
  });

  test('a directory with neither file is null, once the commit is shown readable', async () => {
    const r = resolver();
    const { value, requests } = await requestsDuring(() => r.actionMetadata!('acts/tool', 'docs', heads.tool!));
    expect(value).toBeNull();
    expect(requests.map((q) => q.split('?')[0])).toEqual([
      'GET /repos/acts/tool/contents/docs/action.yml',
      'GET /repos/acts/tool/contents/docs/action.yaml',
      `GET /repos/acts/tool/commits/${heads.tool}`,
    ]);
    await expect(r.actionMetadata!('acts/tool', 'no/such/dir', heads.tool!)).resolves.toBeNull();
  });

  test('after the tag listing has shown the commit, "none" costs no confirmation request', async () => {
    const r = resolver();
    await r.resolve('acts/tool', 'v1');
    const { value, requests } = await requestsDuring(() => r.actionMetadata!('acts/tool', 'docs', heads.tool!));
    expect(value).toBeNull();
    expect(requests).toHaveLength(2);
  });

  test('a commit the repository lacks, or a path leaving the directory, is a ResolveError', async () => {
    await expect(resolver().actionMetadata!('acts/tool', '', 'f'.repeat(40))).rejects.toMatchObject({
      reason: 'not-found',
      message: expect.stringContaining('no commit'),
    });
    const { requests } = await requestsDuring(() =>
      expect(resolver().actionMetadata!('acts/tool', 'sub/../../..', heads.tool!)).rejects.toBeInstanceOf(ResolveError),
    );
    expect(requests).toEqual([]);
  });

  test('a file over the size bound is refused, not returned', async () => {
    await expect(resolver().actionMetadata!('acts/tool', 'big', heads.tool!)).rejects.toMatchObject({
      reason: 'not-found',
      message: expect.stringContaining('larger than'),
    });
  });

  test('no access: a private repository read anonymously, or with a revoked token, is a ResolveError, never null', async () => {
    await expect(resolver().actionMetadata!('acts/secret-tool', '', heads['secret-tool']!)).resolves.toBe('name: s\n');
    await expect(resolver(null).actionMetadata!('acts/secret-tool', '', heads['secret-tool']!)).rejects.toBeInstanceOf(
      ResolveError,
    );
    gh.control.revokeToken(TOKEN);
    await expect(resolver().actionMetadata!('acts/tool', '', heads.tool!)).rejects.toMatchObject({
      reason: 'no-access',
    });
  });
});
