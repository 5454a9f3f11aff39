import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { cachedActionResolver } from '../../../src/github/cached-action-resolver.js';
import { githubActionResolver } from '../../../src/github/github-action-resolver.js';
import { createOctokit } from '../../../src/github/octokit-factory.js';
import { ResolveError } from '../../../src/harden/resolver/action-resolver.js';
import { startEmulator, type EmulatorHandle } from '@rampart/github-emulator';
import { deleteByPrefix, REDIS_URL } from '../api/support/harness.js';

// The resolver's optional look-ups (advisories, repository facts, a pin's placement, branch names) over HTTP.
const TOKEN = 'ghp_' + 'L'.repeat(36);
const vuln = (name: string, range: string, patched: string | null) => ({
  package: { ecosystem: 'actions', name },
  vulnerable_version_range: range,
  first_patched_version: patched,
});
const ADVISORIES = [
  {
    ghsa_id: 'GHSA-2222-3333-4444',
    summary: 'token leak',
    severity: 'high',
    vulnerabilities: [vuln('acts/tool', '>= 1.0.0, < 1.0.1', '1.0.1')],
  },
  {
    ghsa_id: 'GHSA-3333-4444-5555',
    summary: 'in a sub-action',
    severity: 'critical',
    vulnerabilities: [vuln('Acts/Tool/sub', '< 2', null), vuln('acts/other', '< 1', '1.0.0')],
  },
  {
    ghsa_id: 'GHSA-4444-5555-6666',
    summary: 'withdrawn',
    severity: 'low',
    withdrawn_at: '2024-05-01T00:00:00Z',
    vulnerabilities: [vuln('acts/tool', '< 9', null)],
  },
];
const seed = (advisories: unknown[]) => ({
  users: [{ login: 'dev', id: 7, email: 'dev@example.com' }],
  orgs: [{ login: 'acts', id: 1, members: {} }],
  repositories: [
    {
      owner: 'acts',
      name: 'tool',
      collaborators: { dev: 'write' },
      files: { 'action.yml': 'name: tool\n' },
      tags: { 'v1.0.0': {} },
      branches: { 'v1.0.0': {} },
    },
    { owner: 'acts', name: 'old', files: { 'action.yml': 'name: old\n' }, archived: true },
  ],
  tokens: [{ token: TOKEN, kind: 'classic', user: 'dev', scopes: ['repo'] }],
  advisories,
});

describe('the GitHub resolver’s look-ups for the advisory and pin rules, against the emulator', () => {
  let gh: EmulatorHandle;
  const commits: Record<string, string> = {};
  const redis = new Redis(REDIS_URL);
  const prefix = `rampart-test-${randomBytes(6).toString('hex')}:action-ref:`;
  const client = () => createOctokit({ baseUrl: gh.url, token: TOKEN, retries: 0 });
  const resolver = () => githubActionResolver(client());
  const requests = (since: number) =>
    gh.control.requests({ since }).entries.map((e) => `${e.method} ${e.path}${e.query ? `?${e.query}` : ''}`);

  beforeAll(async () => {
    gh = await startEmulator({ seed: seed(ADVISORIES) });
    const api = client();
    const repo = { owner: 'acts', repo: 'tool' };
    const main = await api.rest.repos.getBranch({ ...repo, branch: 'main' });
    commits.first = main.data.commit.sha;
    const next = async (parent: string, message: string) =>
      (await api.rest.git.createCommit({ ...repo, message, tree: main.data.commit.commit.tree.sha, parents: [parent] }))
        .data.sha;
    commits.second = await next(commits.first, 'second');
    commits.head = await next(commits.second, 'head');
    commits.fork = await next(commits.first, 'pushed to a fork');
    await api.rest.git.updateRef({ ...repo, ref: 'heads/main', sha: commits.head });
  });
  afterAll(async () => {
    await gh.close();
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  });

  test('one listing of the actions ecosystem answers every repository; withdrawn advisories do not count', async () => {
    const r = resolver();
    const since = gh.control.requests().lastSeq;
    const [tool, other, none] = await Promise.all([
      r.advisories!('acts/tool'),
      r.advisories!('ACTS/OTHER'),
      r.advisories!('nobody/none'),
    ]);
    tool.sort((a, b) => a.ghsaId.localeCompare(b.ghsaId));
    expect(tool.map((a) => [a.ghsaId, a.package, a.vulnerableRange, a.firstPatched, a.severity])).toEqual([
      ['GHSA-2222-3333-4444', 'acts/tool', '>= 1.0.0, < 1.0.1', '1.0.1', 'high'],
      ['GHSA-3333-4444-5555', 'Acts/Tool/sub', '< 2', null, 'critical'],
    ]);
    expect(tool[0]).toMatchObject({ summary: 'token leak', url: `${gh.url}/advisories/GHSA-2222-3333-4444` });
    expect(other.map((a) => a.package)).toEqual(['acts/other']);
    expect(none).toEqual([]);
    expect(requests(since)).toEqual(['GET /advisories?ecosystem=actions&per_page=100']);
  });

  test('past five pages of the ecosystem it asks per repository with affects=', async () => {
    const alphabet = '23456789cfghjmpqrvwx';
    const id = (n: number) =>
      `GHSA-${[0, 1, 2].map((k) => [0, 1, 2, 3].map((d) => alphabet[Math.floor(n / 20 ** (d + 4 * k)) % 20]).join('')).join('-')}`;
    const filler = Array.from({ length: 500 }, (_, i) => ({
      ghsa_id: id(i + 1000),
      summary: 'filler',
      severity: 'low',
      vulnerabilities: [vuln(`filler/f${i}`, '< 1', '1.0.0')],
    }));
    const big = await startEmulator({ seed: seed([...ADVISORIES, ...filler]) });
    try {
      const r = githubActionResolver(createOctokit({ baseUrl: big.url, token: TOKEN, retries: 0 }));
      const since = big.control.requests().lastSeq;
      // affects= names packages exactly: an advisory filed for an action in a subdirectory does not come back.
      expect((await r.advisories!('acts/tool')).map((a) => a.ghsaId)).toEqual(['GHSA-2222-3333-4444']);
      const asked = big.control.requests({ since }).entries.map((e) => e.query);
      expect(asked).toHaveLength(6);
      expect(asked.at(-1)).toBe('ecosystem=actions&affects=acts%2Ftool&per_page=100');
    } finally {
      await big.close();
    }
  });

  test('repository facts: archived and default branch; a missing repository is not-found', async () => {
    const r = resolver();
    expect(await r.repository!('acts/old')).toEqual({ archived: true, defaultBranch: 'main' });
    expect(await r.repository!('acts/tool')).toEqual({ archived: false, defaultBranch: 'main' });
    await expect(r.repository!('acts/nope')).rejects.toMatchObject({ reason: 'not-found' });
  });

  test('a pin’s placement: a tag costs nothing more, history is compared, a fork’s commit is not reachable', async () => {
    const r = resolver();
    await r.tagFor('acts/tool', commits.first!); // what pinning asks first
    let since = gh.control.requests().lastSeq;
    expect(await r.commitPlacement!('acts/tool', commits.first!)).toEqual({ reachable: true, complete: true });
    expect(requests(since)).toEqual([]);
    expect(await r.commitPlacement!('acts/tool', commits.second!)).toEqual({ reachable: true, complete: true });
    since = gh.control.requests().lastSeq;
    // The branch v1.0.0 still points at the first commit: two heads, so the answer is bounded, not complete.
    expect(await r.commitPlacement!('acts/tool', commits.fork!)).toEqual({ reachable: false, complete: false });
    // The newest tag first (a pin left alone is usually behind it), then the default branch, then every branch head.
    expect(requests(since).map((q) => q.replace(/[0-9a-f]{40}/g, '<sha>'))).toEqual([
      'GET /repos/acts/tool/compare/<sha>...<sha>?per_page=1',
      'GET /repos/acts/tool/compare/main...<sha>?per_page=1',
      'GET /repos/acts/tool/git/matching-refs/heads%2F',
    ]);
    const missing = 'f'.repeat(40);
    await expect(r.commitPlacement!('acts/tool', missing)).rejects.toEqual(
      new ResolveError('not-found', `acts/tool has no commit ${missing}`),
    );
  });

  test('branchExists tells a name that is also a branch', async () => {
    const r = resolver();
    expect(await r.branchExists!('acts/tool', 'v1.0.0')).toBe(true);
    expect(await r.branchExists!('acts/tool', 'v9')).toBe(false);
  });

  test('cached: a second worker is answered from Redis; a failure that may pass is not kept', async () => {
    const options = { redis, prefix, ttlSeconds: 60, negativeTtlSeconds: 30 };
    const first = cachedActionResolver(resolver(), options);
    await first.advisories!('acts/tool');
    await first.repository!('acts/old');
    await first.commitPlacement!('acts/tool', commits.fork!);
    await first.branchExists!('acts/tool', 'v1.0.0');
    await expect(first.repository!('acts/nope')).rejects.toMatchObject({ reason: 'not-found' });
    const since = gh.control.requests().lastSeq;
    const second = cachedActionResolver(resolver(), options);
    expect((await second.advisories!('acts/tool')).map((a) => a.ghsaId).sort()).toEqual([
      'GHSA-2222-3333-4444',
      'GHSA-3333-4444-5555',
    ]);
    expect(await second.repository!('acts/old')).toEqual({ archived: true, defaultBranch: 'main' });
    expect(await second.commitPlacement!('acts/tool', commits.fork!)).toEqual({ reachable: false, complete: false });
    expect(await second.branchExists!('acts/tool', 'v1.0.0')).toBe(true);
    await expect(second.repository!('acts/nope')).rejects.toMatchObject({ reason: 'not-found' });
    expect(requests(since)).toEqual([]);
    const down = cachedActionResolver(
      { ...resolver(), repository: () => Promise.reject(new ResolveError('unavailable', 'down')) },
      options,
    );
    await expect(down.repository!('acts/flaky')).rejects.toMatchObject({ reason: 'unavailable' });
    expect(await redis.exists(`${prefix}repo:acts/flaky`)).toBe(0);
  });
});
