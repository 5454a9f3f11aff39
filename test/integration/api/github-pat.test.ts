import { Redis } from 'ioredis';
import { openPatClient } from '../../../src/credentials/pat-client.js';
import { classifyGitHubError } from '../../../src/github/classify-github-error.js';
import { subscribeToCredentialEvents } from '../../../src/store/credential-events.js';
import type { CredentialEvent } from '../../../src/store/credential-store.js';
import { startHarness, type Harness } from './support/harness.js';
import { PAT_EXPIRES_AT, TOKENS } from './support/seed.js';

let h: Harness;
let alice: { accountId: string; token: string };

beforeAll(async () => {
  h = await startHarness();
  alice = await h.createUser('alice');
});
afterAll(async () => h?.close());

const save = (token: string, pasted: string, extra: Record<string, unknown> = {}) =>
  h.request('PUT', '/api/v1/me/github-pat', {
    token,
    json: { name: 'laptop', token: pasted, email: 'alice@example.com', ...extra },
  });
const check = (token: string, repositories: string[]) =>
  h.request('POST', '/api/v1/me/github-pat/check', { token, json: { repositories } });

describe('PUT /api/v1/me/github-pat refusals', () => {
  test.each([
    ['gho_', /GitHub OAuth app token \(gho_…\)/],
    ['ghu_', /GitHub App user-to-server token \(ghu_…\)/],
    ['ghs_', /GitHub App installation token \(ghs_…\)/],
    ['ghr_', /GitHub App refresh token \(ghr_…\)/],
  ])('%s tokens are refused as the wrong kind', async (prefix, what) => {
    const pasted = `${prefix}${'A1'.repeat(18)}`;
    const res = await save(alice.token, pasted);
    expect(res).toMatchObject({ status: 422, json: { error: { code: 'unsupported_token_kind' } } });
    expect(res.json.error.message).toMatch(what);
    expect(res.json.error.message).toMatch(
      /Rampart needs a personal access token: classic \(ghp_…, 40 characters\) or fine-grained \(github_pat_…\)/,
    );
    expect(res.text).not.toContain(pasted);
  });

  test.each([
    ['ghp_tooShort', /12-character value starting with ghp_/],
    ['github_pat_short', /starting with github_pat_/],
    ['password123', /does not start with ghp_ or github_pat_/],
    ['0123456789abcdef0123456789abcdef01234567', /pre-2021 format/],
  ])('malformed value %j is refused, saying what is expected', async (pasted, message) => {
    const res = await save(alice.token, pasted);
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(message);
  });

  test('GitHub does not accept the token', async () => {
    const res = await save(alice.token, TOKENS.unknownClassic);
    expect(res).toMatchObject({ status: 422, json: { error: { code: 'github_rejected_token' } } });
    expect(res.json.error.message).toMatch(
      /GitHub does not accept this classic personal access token \(401 Bad credentials\)/,
    );
  });

  test("another user's token is refused, naming both logins", async () => {
    const res = await save(alice.token, TOKENS.bobClassic);
    expect(res).toMatchObject({ status: 422, json: { error: { code: 'pat_wrong_user' } } });
    expect(res.json.error.message).toBe(
      'This classic personal access token belongs to GitHub user bob, but you are signed in as alice. Save a token created by alice.',
    );
  });

  test('a classic token must carry repo and workflow; the message names what is missing', async () => {
    const noWorkflow = await save(alice.token, TOKENS.aliceNoWorkflow);
    expect(noWorkflow).toMatchObject({ status: 422, json: { error: { code: 'pat_missing_scopes' } } });
    expect(noWorkflow.json.error.message).toMatch(/lacks the workflow scope \(it has repo, read:org\)/);
    const none = await save(alice.token, TOKENS.aliceNoScopes);
    expect(none.json.error.message).toMatch(/lacks the repo and workflow scopes \(it has no scopes\)/);
  });

  test('the body is validated', async () => {
    expect((await save(alice.token, TOKENS.aliceClassic, { email: 'not-an-email' })).json.error.message).toMatch(
      /body\.email/,
    );
    expect(
      (await h.request('PUT', '/api/v1/me/github-pat', { token: alice.token, json: { token: TOKENS.aliceClassic } }))
        .json.error.message,
    ).toMatch(/body\.name.*body\.email|body\.email.*body\.name/s);
    expect((await save(alice.token, TOKENS.aliceClassic, { note: 'x' })).json.error.message).toMatch(
      /Unrecognized key/,
    );
  });

  test('nothing was stored by any refusal', async () => {
    expect(await h.request('GET', '/api/v1/me/github-pat', { token: alice.token })).toMatchObject({
      status: 404,
      json: { error: { code: 'pat_not_found' } },
    });
  });
});

describe('saving, reading, replacing and removing', () => {
  test('a classic PAT: validated, stored encrypted, answered without the token', async () => {
    const res = await save(alice.token, TOKENS.aliceClassic);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      name: 'laptop',
      kind: 'classic',
      login: 'alice',
      email: 'alice@example.com',
      last4: TOKENS.aliceClassic.slice(-4),
      expires_at: new Date(PAT_EXPIRES_AT).toISOString(),
      scopes: ['repo', 'workflow', 'read:org'],
      created_at: expect.any(String),
    });
    expect((await h.request('GET', '/api/v1/me/github-pat', { token: alice.token })).json).toEqual(res.json);
    const stored = await h.redis.get(h.store.keys.githubPat(alice.accountId));
    expect(stored).not.toContain(TOKENS.aliceClassic);
    expect(JSON.parse(stored ?? '{}').sealed).toMatchObject({
      kid: 'k1',
      nonce: expect.any(String),
      ciphertext: expect.any(String),
    });
  });

  test('a fine-grained PAT replaces it atomically; no scopes field', async () => {
    const before = await h.store.credentials.generation(alice.accountId);
    const res = await save(alice.token, TOKENS.aliceFineGrained, { name: 'fine' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      name: 'fine',
      kind: 'fine-grained',
      login: 'alice',
      expires_at: new Date(PAT_EXPIRES_AT).toISOString(),
    });
    expect(res.json).not.toHaveProperty('scopes');
    expect(await h.store.credentials.generation(alice.accountId)).toBe(before + 1);
    expect((await h.request('GET', '/api/v1/me/github-pat', { token: alice.token })).json.kind).toBe('fine-grained');
    const owners = await h.redis.smembers(h.store.keys.githubPatOwners);
    expect(owners.filter((id) => id === alice.accountId)).toHaveLength(1);
  });

  test('DELETE destroys the ciphertext; afterwards GET and DELETE answer 404', async () => {
    const user = await h.createUser('carol');
    expect((await h.request('DELETE', '/api/v1/me/github-pat', { token: user.token })).status).toBe(404);
    await save(alice.token, TOKENS.aliceClassic);
    expect((await h.request('DELETE', '/api/v1/me/github-pat', { token: alice.token })).status).toBe(204);
    expect(await h.redis.exists(h.store.keys.githubPat(alice.accountId))).toBe(0);
    expect((await h.request('GET', '/api/v1/me/github-pat', { token: alice.token })).status).toBe(404);
    expect((await h.request('DELETE', '/api/v1/me/github-pat', { token: alice.token })).status).toBe(404);
  });

  test('after DELETE returns, no request with that token leaves Rampart, and workers are told', async () => {
    await save(alice.token, TOKENS.aliceClassic);
    // What a worker holds: a client opened before the removal.
    const pat = await openPatClient(
      { store: h.store, vault: h.vault, clock: h.clock, githubApiUrl: h.emulator.url },
      alice.accountId,
      { via: 'test' },
    );
    if (!pat) throw new Error('no PAT');
    await pat.client.request('GET /user');
    const subscriber = new Redis(h.config.redisUrl);
    const events: CredentialEvent[] = [];
    const unsubscribe = await subscribeToCredentialEvents(subscriber, h.store.keys, (event) => events.push(event));
    try {
      const sentBefore = h.emulator.control.requestCount(TOKENS.aliceClassic);
      expect((await h.request('DELETE', '/api/v1/me/github-pat', { token: alice.token })).status).toBe(204);
      let error: unknown;
      try {
        await pat.client.request('GET /user');
      } catch (err) {
        error = err;
      }
      expect(classifyGitHubError(error).kind).toBe('credential-revoked');
      expect(h.emulator.control.requestCount(TOKENS.aliceClassic)).toBe(sentBefore);
      await waitFor(() => events.length > 0);
      expect(events).toEqual([{ accountId: alice.accountId, generation: pat.generation + 1, event: 'removed' }]);
    } finally {
      await unsubscribe();
      await subscriber.quit();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('POST /api/v1/me/github-pat/check', () => {
  test('without a saved PAT: 404', async () => {
    const user = await h.createUser('dave');
    expect(await check(user.token, ['alice/webapp'])).toMatchObject({
      status: 404,
      json: { error: { code: 'pat_not_found' } },
    });
  });

  test('a classic token: write where Alice owns, read where she is a reader, none where she is not let in', async () => {
    await save(alice.token, TOKENS.aliceClassic);
    const res = await check(alice.token, ['alice/webapp', 'bob/shared', 'bob/secret']);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ kind: 'classic', login: 'alice' });
    const [webapp, shared, secret] = res.json.repositories;
    expect(webapp).toMatchObject({
      repository: 'alice/webapp',
      contents: 'write',
      pull_requests: 'write',
      workflows: 'write',
    });
    expect(webapp.how.contents).toMatch(/generate-notes, which stores nothing/);
    expect(webapp.how.workflows).toMatch(/has the workflow scope/);
    expect(shared).toMatchObject({ repository: 'bob/shared', contents: 'read', workflows: 'read' });
    expect(secret).toMatchObject({
      repository: 'bob/secret',
      contents: 'none',
      pull_requests: 'none',
      workflows: 'none',
    });
    expect(secret.how.contents).toMatch(/404 Not Found/);
    // Probes create nothing.
    expect(h.emulator.control.pulls('alice', 'webapp')).toHaveLength(0);
  });

  test('a fine-grained token: levels from probes, Workflows unknown and said plainly', async () => {
    await save(alice.token, TOKENS.aliceFineGrained);
    const res = await check(alice.token, ['alice/webapp', 'bob/shared']);
    const [webapp, shared] = res.json.repositories;
    expect(webapp).toMatchObject({ contents: 'write', pull_requests: 'read', workflows: 'unknown' });
    expect(webapp.how.pull_requests).toMatch(
      /refused the pull request write probe \(403 "Resource not accessible by personal access token"\)/,
    );
    expect(webapp.how.workflows).toMatch(/no way to see a fine-grained token's Workflows permission without writing/);
    expect(shared).toMatchObject({ contents: 'none', pull_requests: 'none', workflows: 'none' });
  });

  test('a classic token without workflow: workflows read, saying the scope is missing', async () => {
    // Saved through the store: the API refuses such tokens, but GitHub can change a token's scopes after it was saved.
    await save(alice.token, TOKENS.aliceClassic);
    const record = await h.store.credentials.get(alice.accountId);
    if (!record) throw new Error('no record');
    await h.store.credentials.put(
      { ...record, sealed: h.vault.seal(TOKENS.aliceNoWorkflow, { accountId: alice.accountId, record: 'github-pat' }) },
      { via: 'test' },
      {},
    );
    const [webapp] = (await check(alice.token, ['alice/webapp'])).json.repositories;
    expect(webapp).toMatchObject({ contents: 'write', workflows: 'read' });
    expect(webapp.how.workflows).toMatch(/lacks the workflow scope \(X-OAuth-Scopes: repo, read:org\)/);
  });

  test('a token GitHub revoked after it was saved', async () => {
    await save(alice.token, TOKENS.aliceFineGrained);
    h.emulator.control.revokeToken(TOKENS.aliceFineGrained);
    const res = await check(alice.token, ['alice/webapp']);
    expect(res).toMatchObject({ status: 422, json: { error: { code: 'github_rejected_token' } } });
    expect(res.json.error.message).toMatch(/no longer accepts the saved PAT/);
  });

  test('the body is validated', async () => {
    expect((await check(alice.token, [])).status).toBe(400);
    expect((await check(alice.token, ['not a repo'])).json.error.message).toMatch(/must be "owner\/name"/);
    expect((await check(alice.token, ['a/b', 'A/B'])).json.error.message).toMatch(/twice/);
    expect(
      (
        await check(
          alice.token,
          Array.from({ length: 21 }, (_, i) => `o/r${i}`),
        )
      ).json.error.message,
    ).toMatch(/at most 20 repositories/);
  });
});

describe('GET /api/v1/me/github-pat/repositories', () => {
  test('lists what the saved token reaches, with the role it shows', async () => {
    await save(alice.token, TOKENS.aliceClassic);
    const res = await h.request('GET', '/api/v1/me/github-pat/repositories', { token: alice.token });
    expect(res.status).toBe(200);
    const names = res.json.repositories.map((r: { full_name: string }) => r.full_name);
    expect(names).toEqual(expect.arrayContaining(['alice/webapp', 'alice/dotfiles', 'bob/shared', 'acme/api']));
    expect(names).not.toContain('bob/secret');
    expect(res.json.repositories.find((r: { full_name: string }) => r.full_name === 'bob/shared')).toMatchObject({
      private: true,
      role: { push: false, pull: true },
      credential: null,
    });
    expect(
      res.json.repositories.find((r: { full_name: string }) => r.full_name === 'bob/shared').credential_note,
    ).toMatch(/only read/);
    expect(res.json.repositories.find((r: { full_name: string }) => r.full_name === 'alice/webapp')).toMatchObject({
      credential: 'pat',
    });
    expect(res.json.truncated).toBe(false);
    expect(res.json.app_fallback).toBe(h.config.githubApp !== null);
  });

  test('orchestrating "all" takes exactly the repositories the list offers a credential for', async () => {
    await save(alice.token, TOKENS.aliceClassic);
    const listed = await h.request('GET', '/api/v1/me/github-pat/repositories', { token: alice.token });
    const offered = listed.json.repositories
      .filter((r: { credential: string | null }) => r.credential !== null)
      .map((r: { full_name: string }) => r.full_name);
    const run = await h.request('POST', '/api/v1/orchestrations', {
      token: alice.token,
      json: { repositories: 'all' },
    });
    expect(run.status).toBe(202);
    expect(run.json.repositories.map((r: { repository: string }) => r.repository)).toEqual(offered);
    expect(offered).toContain('alice/webapp');
    expect(offered).not.toContain('bob/shared');
  });

  test('without a PAT: 404', async () => {
    const user = await h.createUser('erin');
    expect((await h.request('GET', '/api/v1/me/github-pat/repositories', { token: user.token })).status).toBe(404);
  });
});

describe('a tampered ciphertext', () => {
  test('fails cleanly: a clear 409, an audit event, and the service keeps working', async () => {
    await save(alice.token, TOKENS.aliceClassic);
    const key = h.store.keys.githubPat(alice.accountId);
    const record = JSON.parse((await h.redis.get(key)) ?? '{}');
    const bytes = Buffer.from(record.sealed.ciphertext, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    record.sealed.ciphertext = bytes.toString('base64');
    await h.redis.set(key, JSON.stringify(record));

    const res = await check(alice.token, ['alice/webapp']);
    expect(res).toMatchObject({ status: 409, json: { error: { code: 'pat_unreadable' } } });
    expect(res.json.error.message).toMatch(/cannot be decrypted.*Save the PAT again/);
    expect((await h.request('GET', '/api/v1/me/github-pat/repositories', { token: alice.token })).status).toBe(409);
    expect((await h.request('GET', '/api/v1/me/github-pat', { token: alice.token })).status).toBe(200);
    expect((await h.request('GET', '/healthz')).status).toBe(200);
    const audit = await h.request('GET', '/api/v1/me/audit', { token: alice.token });
    expect(audit.json.events[0]).toMatchObject({
      type: 'pat.unreadable',
      details: { reason: 'undecryptable', kid: 'k1' },
    });
    // Saving again recovers.
    expect((await save(alice.token, TOKENS.aliceClassic)).status).toBe(200);
    expect((await check(alice.token, ['alice/webapp'])).status).toBe(200);
  });

  test("a ciphertext moved into another account's record does not decrypt there", async () => {
    await save(alice.token, TOKENS.aliceClassic);
    const bob = await h.createUser('bob');
    const aliceRecord = JSON.parse((await h.redis.get(h.store.keys.githubPat(alice.accountId))) ?? '{}');
    await h.redis.set(
      h.store.keys.githubPat(bob.accountId),
      JSON.stringify({ ...aliceRecord, accountId: bob.accountId }),
    );
    await h.redis.sadd(h.store.keys.githubPatOwners, bob.accountId);
    const sent = h.emulator.control.requestCount(TOKENS.aliceClassic);
    const res = await check(bob.token, ['alice/webapp']);
    expect(res).toMatchObject({ status: 409, json: { error: { code: 'pat_unreadable' } } });
    expect(h.emulator.control.requestCount(TOKENS.aliceClassic)).toBe(sent);
  });
});
