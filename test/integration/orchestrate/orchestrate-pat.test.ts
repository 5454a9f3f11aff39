import { startHarness, type Harness } from '../api/support/harness.js';
import { APP, TOKENS } from '../api/support/seed.js';
import {
  CI_WORKFLOW,
  hardenedFiles,
  noApp,
  seedAliceWithPat,
  SHAS,
  startTestWorker,
  waitForRun,
} from './support/orchestrate-fixture.js';

describe('orchestrating repositories with a PAT', () => {
  let h: Harness;
  let token: string;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;

  beforeAll(async () => {
    h = await startHarness();
    token = await seedAliceWithPat(h, TOKENS.aliceClassic, [
      { name: 'svc-a', files: { 'README.md': '# a\n', '.github/workflows/ci.yml': CI_WORKFLOW } },
      { name: 'svc-hardened', files: { 'README.md': '# h\n', ...(await hardenedFiles()) } },
      {
        name: 'svc-broken',
        default_branch: 'trunk',
        files: { '.github/workflows/ci.yml': CI_WORKFLOW, '.github/workflows/bad.yml': 'on: [push\njobs: {}\n' },
      },
    ]);
    worker = await startTestWorker(h, noApp);
  });
  afterAll(async () => {
    await worker.closeAll();
    await h.close();
  });

  const orchestrate = async (repositories: string[]) => {
    const res = await h.request('POST', '/api/v1/orchestrations', { token, json: { repositories } });
    expect(res.status).toBe(202);
    expect(res.json.repositories.map((r: { status: string }) => r.status)).toEqual(repositories.map(() => 'queued'));
    return waitForRun(h, token, res.json.id);
  };
  const byRepo = (run: any, name: string) =>
    run.repositories.find((r: { repository: string }) => r.repository === name);

  test('opens one PR per repository that needs it, with its changes; a hardened one is unchanged; a bad file is reported', async () => {
    const since = h.emulator.control.requests().lastSeq;
    const run = await orchestrate(['alice/svc-a', 'alice/svc-hardened', 'alice/svc-broken']);
    expect(run.status).toBe('completed');

    const a = byRepo(run, 'alice/svc-a');
    expect(a).toMatchObject({ status: 'pr-opened', credential: 'pat', pull_request: { number: 1 } });
    expect(a.changes.map((c: { rule: string }) => c.rule)).toEqual(
      expect.arrayContaining(['pin-actions', 'harden-runner', 'token-permissions', 'dependabot-actions']),
    );
    const branchFile = await (
      await fetch(`${h.emulator.url}/_emulator/repos/alice/svc-a/files?ref=rampart/harden-workflows`)
    ).json();
    const ci = JSON.stringify(branchFile);
    expect(ci).toContain(`actions/checkout@${SHAS.checkout} # v4.2.2`);

    expect(byRepo(run, 'alice/svc-hardened')).toMatchObject({
      status: 'clean',
      credential: 'pat',
      note: 'the workflows need no changes',
      findings: [],
    });
    const broken = byRepo(run, 'alice/svc-broken');
    expect(broken).toMatchObject({ status: 'pr-opened', credential: 'pat' });
    const pulls = h.emulator.control.pulls('alice', 'svc-broken');
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ base: 'trunk', state: 'open' });

    const entries = h.emulator.control.requests({ since, token: TOKENS.aliceClassic }).entries;
    const hardenedRequests = entries.filter((e) => e.path.startsWith('/repos/alice/svc-hardened'));
    expect(hardenedRequests.filter((e) => e.method !== 'GET')).toEqual([]);
    const writesA = entries.filter((e) => e.method !== 'GET' && e.path.startsWith('/repos/alice/svc-a/'));
    // The branch at the base, one signed commit (GraphQL, counted apart), the pull request.
    expect(writesA.map((e) => `${e.method} ${e.path}`)).toEqual([
      'POST /repos/alice/svc-a/git/refs',
      'POST /repos/alice/svc-a/pulls',
    ]);
  });

  test('a new pull request costs 3 reads and 3 writes, its commit signed by GitHub (action refs from the shared cache)', async () => {
    h.emulator.control.seed({
      repositories: [
        {
          owner: 'alice',
          name: 'svc-c',
          private: true,
          default_branch: 'main',
          files: { '.github/workflows/ci.yml': CI_WORKFLOW },
        },
      ],
    });
    const since = h.emulator.control.requests().lastSeq;
    const run = await orchestrate(['alice/svc-c']);
    expect(byRepo(run, 'alice/svc-c')).toMatchObject({ status: 'pr-opened' });
    const calls = h.emulator.control
      .requests({ since, token: TOKENS.aliceClassic })
      .entries.map((e) => `${e.method} ${e.path}`);
    expect(calls).toEqual([
      'POST /graphql',
      'GET /repos/alice/svc-c/git/trees/' + calls[1]!.split('/').pop(),
      'POST /graphql',
      'POST /repos/alice/svc-c/git/refs',
      'POST /graphql',
      'POST /repos/alice/svc-c/pulls',
    ]);
    const result = byRepo(run, 'alice/svc-c');
    expect(result.commit).toEqual({ oid: expect.stringMatching(/^[0-9a-f]{40}$/), verified: true });
    const commit = await (
      await fetch(`${h.emulator.url}/repos/alice/svc-c/commits/${result.commit.oid}`, {
        headers: { authorization: `Bearer ${TOKENS.aliceClassic}` },
      })
    ).json();
    expect(commit.commit.verification).toMatchObject({ verified: true, reason: 'valid' });
    expect(h.emulator.control.pulls('alice', 'svc-c')[0]).toBeDefined();
  });

  test('a local script the engine asks for is read in a fourth request and judged by its content', async () => {
    const release =
      'on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./scripts/release.sh\n';
    h.emulator.control.seed({
      repositories: [
        {
          owner: 'alice',
          name: 'svc-release',
          private: true,
          default_branch: 'main',
          files: {
            '.github/workflows/release.yml': release,
            'scripts/release.sh': '#!/bin/sh\ngit push origin --tags\n',
          },
        },
      ],
    });
    const since = h.emulator.control.requests().lastSeq;
    const run = await orchestrate(['alice/svc-release']);
    expect(byRepo(run, 'alice/svc-release')).toMatchObject({ status: 'pr-opened' });
    const calls = h.emulator.control
      .requests({ since, token: TOKENS.aliceClassic })
      .entries.map((e) => `${e.method} ${e.path.replace(/[0-9a-f]{40}$/, '<tree>')}`);
    expect(calls.slice(0, 4)).toEqual([
      'POST /graphql',
      'GET /repos/alice/svc-release/git/trees/<tree>',
      'POST /graphql',
      'POST /graphql',
    ]);
    const branch = await (
      await fetch(`${h.emulator.url}/_emulator/repos/alice/svc-release/files?ref=rampart/harden-workflows`)
    ).json();
    const text = JSON.stringify(branch);
    expect(text).toContain('contents: write  # for git push in scripts/release.sh to push commits');
    expect(text).not.toContain('persist-credentials');
  });

  test('where signed commits are required, Rampart’s pull request merges; one made over the Git Data API with a PAT does not', async () => {
    h.emulator.control.seed({
      repositories: [
        {
          owner: 'alice',
          name: 'svc-signed',
          private: true,
          default_branch: 'main',
          require_signed_commits: true,
          files: { '.github/workflows/ci.yml': CI_WORKFLOW },
        },
      ],
    });
    const run = await orchestrate(['alice/svc-signed']);
    const result = byRepo(run, 'alice/svc-signed');
    expect(result).toMatchObject({ status: 'pr-opened', commit: { verified: true } });
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${h.emulator.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKENS.aliceClassic}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const merged = await api('PUT', `/repos/alice/svc-signed/pulls/${result.pull_request.number}/merge`, {});
    expect(merged.status).toBe(200);

    // The same kind of change committed the old way (REST Git Data, a PAT): GitHub leaves it unsigned.
    const main = await (await api('GET', '/repos/alice/svc-signed/branches/main')).json();
    const tree = await (
      await api('POST', '/repos/alice/svc-signed/git/trees', {
        base_tree: main.commit.commit.tree.sha,
        tree: [{ path: 'NOTES.md', mode: '100644', type: 'blob', content: 'n\n' }],
      })
    ).json();
    const commit = await (
      await api('POST', '/repos/alice/svc-signed/git/commits', {
        message: 'notes',
        tree: tree.sha,
        parents: [main.commit.sha],
      })
    ).json();
    expect(commit.verification).toMatchObject({ verified: false, reason: 'unsigned' });
    await api('POST', '/repos/alice/svc-signed/git/refs', { ref: 'refs/heads/notes', sha: commit.sha });
    const pr = await (
      await api('POST', '/repos/alice/svc-signed/pulls', { title: 'notes', head: 'notes', base: 'main' })
    ).json();
    const refused = await api('PUT', `/repos/alice/svc-signed/pulls/${pr.number}/merge`, {});
    expect(refused.status).toBe(405);
    expect((await refused.json()).message).toMatch(/verified signatures/);
  });

  test('a second run changes nothing and opens no second PR', async () => {
    const since = h.emulator.control.requests().lastSeq;
    const run = await orchestrate(['alice/svc-a']);
    expect(byRepo(run, 'alice/svc-a')).toMatchObject({
      status: 'up-to-date',
      pull_request: { number: 1, state: 'open' },
      note: 'pull request #1 already holds these changes',
    });
    expect(h.emulator.control.pulls('alice', 'svc-a')).toHaveLength(1);
    // 3 reads (snapshot, tree, blobs), no write, no action-ref resolution (cached).
    const calls = h.emulator.control
      .requests({ since, token: TOKENS.aliceClassic })
      .entries.map((e) => `${e.method} ${e.path.replace(/[0-9a-f]{40}$/, '<tree>')}`);
    expect(calls).toEqual(['POST /graphql', 'GET /repos/alice/svc-a/git/trees/<tree>', 'POST /graphql']);
  });

  test('a commit someone else pushed to Rampart’s branch is never overwritten: the run leaves it and says why', async () => {
    h.emulator.control.seed({
      repositories: [
        {
          owner: 'alice',
          name: 'svc-human',
          private: true,
          default_branch: 'main',
          files: { '.github/workflows/ci.yml': CI_WORKFLOW },
        },
      ],
    });
    const first = byRepo(await orchestrate(['alice/svc-human']), 'alice/svc-human');
    expect(first).toMatchObject({ status: 'pr-opened' });
    const api = async (method: string, path: string, body?: unknown) =>
      (
        await fetch(`${h.emulator.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${TOKENS.aliceClassic}`, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        })
      ).json();
    // A reviewer adds a commit of their own on top of Rampart's.
    const head = await api('GET', '/repos/alice/svc-human/branches/rampart%2Fharden-workflows');
    const tree = await api('POST', '/repos/alice/svc-human/git/trees', {
      base_tree: head.commit.commit.tree.sha,
      tree: [{ path: 'NOTES.md', mode: '100644', type: 'blob', content: 'mine\n' }],
    });
    const mine = await api('POST', '/repos/alice/svc-human/git/commits', {
      message: 'Add notes',
      tree: tree.sha,
      parents: [head.commit.sha],
    });
    await api('PATCH', '/repos/alice/svc-human/git/refs/heads/rampart/harden-workflows', { sha: mine.sha });

    const since = h.emulator.control.requests().lastSeq;
    const second = byRepo(await orchestrate(['alice/svc-human']), 'alice/svc-human');
    expect(second).toMatchObject({ status: 'needs-review', pull_request: { number: first.pull_request.number } });
    expect(second.note).toContain(`commit ${mine.sha.slice(0, 7)} on pull request #${first.pull_request.number}`);
    expect(second.note).toContain('never overwrites');
    const writes = h.emulator.control
      .requests({ since, token: TOKENS.aliceClassic })
      .entries.filter((e) => (e.method !== 'GET' && e.path !== '/graphql') || e.operation === 'mutation');
    expect(writes).toEqual([]);
    expect((await api('GET', '/repos/alice/svc-human/branches/rampart%2Fharden-workflows')).commit.sha).toBe(mine.sha);
  });

  test('a merged pull request is shown as merged in its run (GitHub App webhook)', async () => {
    h.emulator.control.setWebhook({ url: `${h.url}/api/v1/github/webhooks`, secret: APP.webhookSecret });
    const runs = await h.request('GET', '/api/v1/orchestrations', { token });
    const first = runs.json.orchestrations.at(-1);
    h.emulator.control.mergePull('alice', 'svc-a', 1);
    await h.emulator.control.settled();
    const after = await h.request('GET', `/api/v1/orchestrations/${first.id}`, { token });
    expect(byRepo(after.json, 'alice/svc-a').pull_request).toMatchObject({ number: 1, state: 'merged' });
    expect(byRepo(after.json, 'alice/svc-broken').pull_request).toMatchObject({ state: 'open' });
    h.emulator.control.setWebhook({ url: null });
  });

  test('a repository the PAT cannot reach fails with a sentence saying what is missing', async () => {
    const run = await orchestrate(['bob/secret']);
    expect(byRepo(run, 'bob/secret')).toMatchObject({
      status: 'failed',
      credential: null,
      error: {
        code: 'no_credential',
        message: expect.stringContaining('Your PAT cannot do this in bob/secret: it cannot see the repository'),
      },
    });
  });

  test('runs are private to their account and validated', async () => {
    const other = await h.createUser('bob');
    const mine = await h.request('GET', '/api/v1/orchestrations', { token });
    const id = mine.json.orchestrations[0].id;
    expect((await h.request('GET', `/api/v1/orchestrations/${id}`, { token: other.token })).status).toBe(404);
    expect(
      (await h.request('POST', '/api/v1/orchestrations', { token, json: { repositories: ['not a repo'] } })).status,
    ).toBe(400);
    expect((await h.request('POST', '/api/v1/orchestrations', { token, json: { repositories: [] } })).status).toBe(400);
  });
});
