import { startHarness, type Harness } from './support/harness.js';
import { TOKENS } from './support/seed.js';
import { signIn } from './support/sign-in.js';

let h: Harness;
let alice: { accountId: string; token: string };

beforeAll(async () => {
  h = await startHarness();
  alice = await h.createUser('alice');
  expect(
    (
      await h.request('PUT', '/api/v1/me/github-pat', {
        token: alice.token,
        json: { name: 'laptop', token: TOKENS.aliceClassic, email: 'alice@example.com' },
      })
    ).status,
  ).toBe(200);
});
afterAll(async () => h?.close());

const orchestrate = (repositories: unknown) =>
  h.request('POST', '/api/v1/orchestrations', { token: alice.token, json: { repositories } });

describe('ids in paths are checked by form before any Redis key is built', () => {
  test('a run id with a key suffix (<run id>:repositories) answers 404, not 500', async () => {
    const run = await orchestrate(['alice/webapp']);
    expect(run.status).toBe(202);
    const id = String(run.json.id);
    expect((await h.request('GET', `/api/v1/orchestrations/${id}`, { token: alice.token })).status).toBe(200);
    for (const suffix of [':repositories', ':events', ':duration-observed']) {
      expect(await h.request('GET', `/api/v1/orchestrations/${id}${suffix}`, { token: alice.token })).toMatchObject({
        status: 404,
        json: { error: { code: 'not_found' } },
      });
      expect(
        (await h.request('GET', `/api/v1/orchestrations/${id}${suffix}/events`, { token: alice.token })).status,
      ).toBe(404);
      expect(
        (await h.request('POST', `/api/v1/orchestrations/${id}${suffix}/cancel`, { token: alice.token })).status,
      ).toBe(404);
    }
    expect(h.logs.join('\n')).not.toMatch(/WRONGTYPE/);
  });

  test('a token id of another form answers 404 token_not_found', async () => {
    const made = await h.request('POST', '/api/v1/me/tokens', {
      token: alice.token,
      json: { name: 'ci', scopes: ['runs:read'] },
    });
    for (const id of [`${made.json.id}:x`, 'tok_short', `${made.json.id}x`, 'tok_ABCDEFGHIJKLMNO.', 'tok_%0a']) {
      expect(await h.request('DELETE', `/api/v1/me/tokens/${id}`, { token: alice.token })).toMatchObject({
        status: 404,
        json: { error: { code: 'token_not_found' } },
      });
    }
    expect((await h.request('DELETE', `/api/v1/me/tokens/${made.json.id}`, { token: alice.token })).status).toBe(204);
  });
});

describe("repository names follow GitHub's rules wherever they enter", () => {
  const longest = `${'o'.repeat(100)}/${'n'.repeat(100)}`;
  test.each([
    ['./webapp'],
    ['../webapp'],
    ['alice/.'],
    ['alice/..'],
    ['alice/web app'],
    ['alice/webapp/extra'],
    ['alice/'],
    ['/webapp'],
    [`alice/${'n'.repeat(101)}`],
    [`${'o'.repeat(101)}/webapp`],
    ['alice/web\u202eapp'],
    ['alice/webapp\n'],
  ])('%j is refused by the orchestration and the PAT check', async (name) => {
    const run = await orchestrate([name]);
    expect(run.status).toBe(400);
    expect(run.json.error.message).toMatch(/must be "owner\/name", each 1-100 letters, digits/);
    expect(
      (await h.request('POST', '/api/v1/me/github-pat/check', { token: alice.token, json: { repositories: [name] } }))
        .status,
    ).toBe(400);
  });

  test('names at the limits are accepted', async () => {
    expect((await orchestrate([longest, 'a/b', 'alice/.github', 'alice/..x', 'Alice_1/web.app-2'])).status).toBe(202);
  });
});

describe('names, titles and branches refuse control and bidi characters', () => {
  const unsafe = [
    ['a line break', 'ok\nCo-authored-by: Mallory <m@example.com>', /must be one line/],
    ['a carriage return', 'ok\rx', /must be one line/],
    ['a right-to-left override', 'invoice\u202Efdp.exe', /bidirectional control characters \(it contains U\+202E\)/],
    ['a first-strong isolate', 'x\u2068y', /bidirectional control characters \(it contains U\+2068\)/],
    ['an escape', 'x\u001b[31m', /control characters \(it contains U\+001B\)/],
    ['a line separator', 'x\u2028y', /must be one line/],
  ] as const;

  test.each(unsafe)(
    'with %s: API token name, PAT name, PR title and branch are refused',
    async (_what, text, message) => {
      const token = await h.request('POST', '/api/v1/me/tokens', {
        token: alice.token,
        json: { name: text, scopes: ['runs:read'] },
      });
      expect(token.status).toBe(400);
      expect(token.json.error.message).toMatch(message);
      const pat = await h.request('PUT', '/api/v1/me/github-pat', {
        token: alice.token,
        json: { name: text, token: TOKENS.aliceClassic, email: 'alice@example.com' },
      });
      expect(pat.status).toBe(400);
      expect(pat.json.error.message).toMatch(message);
      for (const options of [{ pr_title: text }, { branch: `rampart/${text}` }]) {
        const saved = await h.request('PUT', '/api/v1/me/orchestrate-options', { token: alice.token, json: options });
        expect(saved.status).toBe(400);
        expect(saved.json.error.message).toMatch(message);
        expect(
          (
            await h.request('POST', '/api/v1/orchestrations', {
              token: alice.token,
              json: { repositories: ['alice/webapp'], options },
            })
          ).status,
        ).toBe(400);
      }
    },
  );

  test('ordinary text, accents and other scripts included, is accepted', async () => {
    const saved = await h.request('PUT', '/api/v1/me/orchestrate-options', {
      token: alice.token,
      json: { pr_title: 'Härden die Workflows — סקריפטים', branch: 'rampart/härden' },
    });
    expect(saved).toMatchObject({
      status: 200,
      json: { options: { pr_title: 'Härden die Workflows — סקריפטים', branch: 'rampart/härden' } },
    });
    expect(
      (
        await h.request('POST', '/api/v1/me/tokens', {
          token: alice.token,
          json: { name: 'CI für Ünïcode', scopes: ['runs:read'] },
        })
      ).status,
    ).toBe(201);
  });
});

describe('a cookie request that changes state must come from this Rampart', () => {
  test('another Origin is refused even with a valid CSRF token; this one, or none, is accepted', async () => {
    const bob = await signIn(h, 'bob');
    const save = (headers: Record<string, string>) =>
      h.request('PUT', '/api/v1/me/orchestrate-options', {
        cookie: bob.cookie,
        csrf: bob.csrf,
        headers,
        json: { draft: true },
      });
    const foreign: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: h.url.replace('127.0.0.1', 'localhost') },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of foreign) {
      const refused = await save(headers);
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe('csrf_failed');
    }
    expect((await save({ origin: 'https://evil.example' })).json.error.message).toMatch(
      /comes from https:\/\/evil\.example/,
    );
    expect(
      (await h.request('GET', '/api/v1/me/orchestrate-options', { cookie: bob.cookie })).json.updated_at,
    ).toBeNull();
    expect((await save({ origin: h.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await save({})).status).toBe(200);
    // A Bearer token is no ambient credential: no Origin rule applies to it.
    expect(
      (
        await h.request('PUT', '/api/v1/me/orchestrate-options', {
          token: alice.token,
          headers: { origin: 'https://tool.example' },
          json: { draft: true },
        })
      ).status,
    ).toBe(200);
    // Reading with the cookie from elsewhere changes nothing, and is not refused by origin.
    expect(
      (await h.request('GET', '/api/v1/session', { cookie: bob.cookie, headers: { origin: 'https://evil.example' } }))
        .status,
    ).toBe(200);
  });
});
