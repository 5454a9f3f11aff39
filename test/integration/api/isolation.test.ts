import { startHarness, type Harness } from './support/harness.js';
import { TOKENS } from './support/seed.js';

let h: Harness;
let a: { accountId: string; token: string };
let b: { accountId: string; token: string };
let aTokenId: string;

beforeAll(async () => {
  h = await startHarness();
  a = await h.createUser('alice');
  b = await h.createUser('bob');
  expect(
    (
      await h.request('PUT', '/api/v1/me/github-pat', {
        token: a.token,
        json: { name: 'a-pat', token: TOKENS.aliceClassic, email: 'a@example.com' },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await h.request('PUT', '/api/v1/me/orchestrate-options', {
        token: a.token,
        json: { branch: 'alice/only', draft: true },
      })
    ).status,
  ).toBe(200);
  const made = await h.request('POST', '/api/v1/me/tokens', {
    token: a.token,
    json: { name: 'alice-ci', scopes: ['runs:read'] },
  });
  aTokenId = made.json.id;
});
afterAll(async () => h?.close());

describe("user B never reaches user A's things", () => {
  test('PAT: B sees none, cannot check with it, cannot delete it', async () => {
    expect((await h.request('GET', '/api/v1/me/github-pat', { token: b.token })).status).toBe(404);
    expect(
      (
        await h.request('POST', '/api/v1/me/github-pat/check', {
          token: b.token,
          json: { repositories: ['alice/webapp'] },
        })
      ).status,
    ).toBe(404);
    expect((await h.request('GET', '/api/v1/me/github-pat/repositories', { token: b.token })).status).toBe(404);
    expect((await h.request('DELETE', '/api/v1/me/github-pat', { token: b.token })).status).toBe(404);
    expect((await h.request('GET', '/api/v1/me/github-pat', { token: a.token })).json.name).toBe('a-pat');
  });

  test("tokens: B's list has only B's; B cannot revoke A's", async () => {
    const list = await h.request('GET', '/api/v1/me/tokens', { token: b.token });
    expect(list.json.tokens.map((t: { name: string }) => t.name)).toEqual(['first token']);
    expect((await h.request('DELETE', `/api/v1/me/tokens/${aTokenId}`, { token: b.token })).status).toBe(404);
    const aList = await h.request('GET', '/api/v1/me/tokens', { token: a.token });
    expect(aList.json.tokens.map((t: { id: string }) => t.id)).toContain(aTokenId);
  });

  test("options: B gets the defaults, not A's", async () => {
    const res = await h.request('GET', '/api/v1/me/orchestrate-options', { token: b.token });
    expect(res.json).toMatchObject({ options: { branch: 'rampart/harden-workflows', draft: false }, updated_at: null });
  });

  test("audit: B's events are B's alone", async () => {
    const events = (await h.request('GET', '/api/v1/me/audit', { token: b.token })).json.events as Array<{
      type: string;
      details: Record<string, unknown>;
    }>;
    expect(events.map((e) => e.type)).toEqual(['token.created', 'account.created']);
    expect(JSON.stringify(events)).not.toContain('alice');
    const aEvents = (await h.request('GET', '/api/v1/me/audit', { token: a.token })).json.events.map(
      (e: { type: string }) => e.type,
    );
    expect(aEvents).toEqual(
      expect.arrayContaining(['pat.saved', 'options.updated', 'token.created', 'account.created']),
    );
  });
});
