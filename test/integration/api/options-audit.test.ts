import { startHarness, type Harness } from './support/harness.js';
import { TOKENS } from './support/seed.js';

let h: Harness;
let alice: { accountId: string; token: string };

beforeAll(async () => {
  h = await startHarness();
  alice = await h.createUser('alice');
});
afterAll(async () => h?.close());

const put = (json: unknown) => h.request('PUT', '/api/v1/me/orchestrate-options', { token: alice.token, json });

describe('orchestrate options', () => {
  test('defaults until saved, then exactly what was saved with defaults filled in', async () => {
    const first = await h.request('GET', '/api/v1/me/orchestrate-options', { token: alice.token });
    expect(first.json).toMatchObject({
      updated_at: null,
      options: {
        branch: 'rampart/harden-workflows',
        pr_title: 'Harden GitHub Actions workflows',
        draft: false,
        harden: { hardenRunner: { egressPolicy: 'audit' } },
      },
    });
    const refused = await put({ harden: { hardenRunner: { egressPolicy: 'block' } } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain('egress-policy block needs allowed_endpoints');
    const saved = await put({
      harden: { rules: { 'pin-actions': true, 'dependabot-actions': false }, hardenRunner: { egressPolicy: 'block' } },
      allowed_endpoints: ['github.com:443'],
      branch: 'security/harden',
      pr_title: 'Harden CI',
      draft: true,
    });
    expect(saved.status).toBe(200);
    expect(saved.json.options).toMatchObject({
      allowed_endpoints: ['github.com:443'],
      branch: 'security/harden',
      pr_title: 'Harden CI',
      draft: true,
      harden: {
        rules: { 'pin-actions': true, 'dependabot-actions': false },
        hardenRunner: { egressPolicy: 'block' },
        dependabot: { cooldownDays: 7 },
      },
    });
    const again = await h.request('GET', '/api/v1/me/orchestrate-options', { token: alice.token });
    expect(again.json).toEqual(saved.json);
    expect(again.json.updated_at).not.toBeNull();
  });

  test.each([
    [{ branch: 'bad..name' }, /body\.branch: is not a valid git branch name: it contains "\.\."/],
    [{ branch: 'refs/heads/x' }, /full ref/],
    [{ harden: { rules: { 'no-such-rule': true } } }, /body\.harden\.rules/],
    [{ harden: { hardenRunner: { egressPolicy: 'deny' } } }, /body\.harden\.hardenRunner\.egressPolicy/],
    [{ pr_title: '' }, /body\.pr_title/],
    [{ draft: 'yes' }, /body\.draft/],
    [{ colour: 'blue' }, /Unrecognized key/],
  ])('%j is refused, naming the field', async (body, message) => {
    const res = await put(body);
    expect(res).toMatchObject({ status: 400, json: { error: { code: 'invalid_request' } } });
    expect(res.json.error.message).toMatch(message);
  });

  test('needs the orchestrate scope', async () => {
    const narrow = await h.request('POST', '/api/v1/me/tokens', {
      token: alice.token,
      json: { name: 'narrow', scopes: ['credentials:read'] },
    });
    expect((await h.request('GET', '/api/v1/me/orchestrate-options', { token: narrow.json.token })).status).toBe(403);
  });
});

describe('audit', () => {
  test('records PAT saved, used and removed, tokens created, revoked and exchanged, newest first, paginated', async () => {
    await h.request('PUT', '/api/v1/me/github-pat', {
      token: alice.token,
      json: { name: 'laptop', token: TOKENS.aliceClassic, email: 'a@example.com' },
    });
    await h.request('GET', '/api/v1/me/github-pat/repositories', { token: alice.token });
    await h.request('DELETE', '/api/v1/me/github-pat', { token: alice.token });
    const made = await h.request('POST', '/api/v1/me/tokens', {
      token: alice.token,
      json: { name: 'temp', scopes: ['runs:read'] },
    });
    await h.request('POST', '/api/v1/oauth/token', {
      form: {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: made.json.token,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      },
    });
    await h.request('DELETE', `/api/v1/me/tokens/${made.json.id}`, { token: alice.token });

    const all = await h.request('GET', '/api/v1/me/audit?limit=200', { token: alice.token });
    const types = all.json.events.map((e: { type: string }) => e.type);
    expect(types.slice(0, 6)).toEqual([
      'token.revoked',
      'token.exchanged',
      'token.created',
      'pat.removed',
      'pat.used',
      'pat.saved',
    ]);
    expect(types.at(-1)).toBe('account.created');
    const saved = all.json.events.find((e: { type: string }) => e.type === 'pat.saved');
    expect(saved).toMatchObject({
      via: expect.stringMatching(/^api-token:tok_/),
      ip: expect.any(String),
      details: { kind: 'classic', login: 'alice', last4: TOKENS.aliceClassic.slice(-4) },
    });
    expect(all.json.events.find((e: { type: string }) => e.type === 'pat.used').details).toEqual({
      purpose: 'list-repositories',
    });
    expect(all.json.events.find((e: { type: string }) => e.type === 'token.exchanged')).toMatchObject({
      via: `api-token:${made.json.id}`,
      details: { scopes: ['runs:read'] },
    });
    expect(all.text).not.toContain(TOKENS.aliceClassic);

    const page1 = await h.request('GET', '/api/v1/me/audit?limit=2', { token: alice.token });
    expect(page1.json.events.map((e: { type: string }) => e.type)).toEqual(types.slice(0, 2));
    const page2 = await h.request('GET', `/api/v1/me/audit?limit=2&before=${page1.json.next_before}`, {
      token: alice.token,
    });
    expect(page2.json.events.map((e: { type: string }) => e.type)).toEqual(types.slice(2, 4));
    expect((await h.request('GET', '/api/v1/me/audit?limit=500', { token: alice.token })).status).toBe(400);
    expect((await h.request('GET', '/api/v1/me/audit?before=yesterday', { token: alice.token })).status).toBe(400);
  });
});
