import { createRampartMetrics } from '../../../src/metrics/rampart-metrics.js';
import { createOctokit } from '../../../src/github/octokit-factory.js';
import { startHarness, type Harness } from './support/harness.js';
import { TOKENS } from './support/seed.js';
import { signIn } from './support/sign-in.js';

describe('/metrics and /admin/queues', () => {
  let h: Harness;
  let alice: { accountId: string; token: string };
  beforeAll(async () => {
    // carol:4040 names the login's former holder (GitHub id 4040); the emulator's carol (1003) claimed it after a rename.
    h = await startHarness({ env: { RAMPART_METRICS: '1', RAMPART_OPERATOR_LOGINS: 'Alice:1001, carol:4040' } });
    alice = await h.createUser('alice');
  });
  afterAll(async () => {
    await h.close();
  });

  test('scrape shows jobs by state and GitHub requests by status, with rate-limit remaining', async () => {
    const { token } = alice;
    expect(
      (
        await h.request('PUT', '/api/v1/me/github-pat', {
          token,
          json: { name: 'laptop', token: TOKENS.aliceClassic, email: 'alice@example.com' },
        })
      ).status,
    ).toBe(200);
    const res = await fetch(`${h.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^rampart_jobs\{state="waiting",role="api"\} 0$/m);
    expect(text).toMatch(/^rampart_jobs\{state="failed",role="api"\} 0$/m);
    expect(text).toMatch(/^rampart_github_requests_total\{status="200",credential="pat",role="api"\} [1-9]\d*$/m);
    expect(text).toMatch(/^rampart_github_rate_limit_remaining\{resource="core",credential="pat",role="api"\} \d+$/m);
    expect(text).toContain('# TYPE rampart_run_duration_seconds histogram');
    expect(text).not.toContain(TOKENS.aliceClassic);
  });

  test('/admin/queues: operators only, by GitHub user id; everyone else, signed in or not, gets 404', async () => {
    const op = await h.request('GET', '/admin/queues', { token: alice.token });
    expect(op.status).toBe(200);
    expect(op.text).toMatch(/<html/i);
    expect((await h.request('GET', '/admin/queues/api/queues')).status).toBe(404);
    const bob = await h.createUser('bob');
    expect((await h.request('GET', '/admin/queues', { token: bob.token })).status).toBe(404);
    expect((await h.request('GET', '/admin/queues', { token: 'rpat_notatoken' })).status).toBe(404);
    // A login renamed and then claimed by someone else: the new holder gets nothing, by token or by session.
    const carol = await h.createUser('carol');
    expect((await h.request('GET', '/admin/queues', { token: carol.token })).status).toBe(404);
    expect((await h.request('GET', '/admin/queues', { cookie: (await signIn(h, 'carol')).cookie })).status).toBe(404);
  });

  test("/admin/queues: an operator's token needs the admin scope; runs:read cannot pause everyone's queue", async () => {
    const { token } = alice;
    const mint = async (scopes: string[]) =>
      (
        await h.request('POST', '/api/v1/me/tokens', {
          token,
          json: { name: `t-${scopes.join('-')}-${Math.random()}`, scopes },
        })
      ).json.token as string;
    const readOnly = await mint(['runs:read']);
    const admin = await mint(['admin']);
    const pause = (t: string) => h.request('PUT', '/admin/queues/api/queues/harden-repository/pause', { token: t });
    expect((await h.request('GET', '/admin/queues', { token: readOnly })).status).toBe(404);
    expect((await pause(readOnly)).status).toBe(404);
    expect(
      await h.request('GET', '/admin/queues/api/queues', { token: admin }).then((r) => JSON.stringify(r.json)),
    ).toMatch(/"isPaused":false/);
    expect((await pause(admin)).status).toBe(200);
    expect(
      await h.request('GET', '/admin/queues/api/queues', { token: admin }).then((r) => JSON.stringify(r.json)),
    ).toMatch(/"isPaused":true/);
    expect((await h.request('PUT', '/admin/queues/api/queues/harden-repository/resume', { token: admin })).status).toBe(
      200,
    );
  });

  test("/admin/queues in the browser: bull-board's own changes need a same-origin fetch or the CSRF token", async () => {
    const alice = await signIn(h, 'alice');
    const pause = (headers: Record<string, string>, csrf?: string) =>
      h.request('PUT', '/admin/queues/api/queues/harden-repository/pause', {
        cookie: alice.cookie,
        headers,
        ...(csrf ? { csrf } : {}),
      });
    expect((await pause({ 'sec-fetch-site': 'cross-site' })).status).toBe(404);
    expect((await pause({})).status).toBe(404);
    expect((await pause({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect(
      await h.request('GET', '/admin/queues/api/queues', { cookie: alice.cookie }).then((r) => JSON.stringify(r.json)),
    ).toMatch(/"isPaused":true/);
    expect(
      (
        await h.request('PUT', '/admin/queues/api/queues/harden-repository/resume', {
          cookie: alice.cookie,
          csrf: alice.csrf,
        })
      ).status,
    ).toBe(200);
    // Another site's page, even holding the CSRF token, is refused by its Origin.
    expect((await pause({ origin: 'https://evil.example' }, alice.csrf)).status).toBe(404);
    expect(
      await h.request('GET', '/admin/queues/api/queues', { cookie: alice.cookie }).then((r) => JSON.stringify(r.json)),
    ).toMatch(/"isPaused":false/);
    expect((await pause({ origin: h.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect(
      (
        await h.request('PUT', '/admin/queues/api/queues/harden-repository/resume', {
          cookie: alice.cookie,
          csrf: alice.csrf,
        })
      ).status,
    ).toBe(200);
  });
});

describe('metrics without the setting', () => {
  test('the API on a non-loopback HOST does not serve /metrics', async () => {
    const h = await startHarness();
    try {
      expect((await fetch(`${h.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${h.url}/admin/queues`)).status).toBe(404);
    } finally {
      await h.close();
    }
  });

  test('registries are per instance: two in one process do not clash, and the factory reports each answer', async () => {
    const a = createRampartMetrics({ role: 'worker' });
    const b = createRampartMetrics({ role: 'worker' });
    const h = await startHarness();
    try {
      const client = createOctokit({
        baseUrl: h.emulator.url,
        token: TOKENS.bobClassic,
        retries: 0,
        onResponse: a.onGitHubResponse,
      });
      await client.rest.users.getAuthenticated();
      await client.rest.repos.get({ owner: 'bob', repo: 'nope' }).catch(() => undefined);
      a.observeRunDuration(42);
      const text = await a.registry.metrics();
      expect(text).toMatch(/rampart_github_requests_total\{status="200",credential="pat",role="worker"\} 1/);
      expect(text).toMatch(/rampart_github_requests_total\{status="404",credential="pat",role="worker"\} 1/);
      expect(text).toMatch(/rampart_run_duration_seconds_bucket\{le="60",role="worker"\} 1/);
      expect(await b.registry.metrics()).not.toMatch(/rampart_github_requests_total\{/);
    } finally {
      await h.close();
    }
  });
});
