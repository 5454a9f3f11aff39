import { randomBytes } from 'node:crypto';
import { main } from '../../../src/main.js';
import { dumpPrefix, REDIS_URL, startHarness, type Harness } from '../api/support/harness.js';
import { TOKENS } from '../api/support/seed.js';
import { signIn } from '../api/support/sign-in.js';

// `rampart admin list-users | suspend-user | reinstate-user | delete-user | export-audit` against real Redis, on an
// account with a session, an API token, a saved PAT, a waiting run and a policy.
const KEYS = `k1:${randomBytes(32).toString('base64')}`;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ masterKeys: KEYS });
});
afterAll(async () => h?.close());

async function admin(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['admin', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: {
      REDIS_URL,
      RAMPART_REDIS_PREFIX: h.prefix,
      RAMPART_MASTER_KEYS: KEYS,
      RAMPART_ALLOW_VOLATILE_REDIS: '1',
      GITHUB_API_URL: h.emulator.url,
    },
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

test('an account from suspension to deletion, every step audited', async () => {
  const { accountId, token } = await h.createUser('alice');
  const session = await signIn(h, 'alice');
  expect(
    (
      await h.request('PUT', '/api/v1/me/github-pat', {
        token,
        json: { name: 'laptop', email: 'alice@example.com', token: TOKENS.aliceClassic },
      })
    ).status,
  ).toBe(200);
  const run = await h.store.runs.create({
    accountId,
    repositories: ['alice/webapp'],
    options: {},
    credentialGeneration: 1,
    withPat: true,
  });
  const policy = await h.store.policies.create(
    accountId,
    {
      name: 'nightly',
      repositories: ['alice/webapp'],
      options: {},
      triggers: { schedule: null, push: true, new_repositories: false },
    },
    { via: 'test' },
  );

  const listed = await admin('list-users', '--json');
  expect(listed.code).toBe(0);
  expect(
    listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
  ).toEqual([
    expect.objectContaining({ id: accountId, github_login: 'alice', github_id: 1001, status: 'active', pat: true }),
  ]);

  const suspended = await admin('suspend-user', 'alice', '--reason', 'on leave');
  expect(suspended).toMatchObject({
    code: 0,
    stdout: `Suspended alice (${accountId}): 1 session(s) ended, 1 waiting repository cancelled.\n`,
  });
  expect((await h.request('GET', '/api/v1/me', { cookie: session.cookie })).status).toBe(401);
  const refused = await h.request('GET', '/api/v1/me', { token });
  expect(refused).toMatchObject({ status: 403, json: { error: { code: 'account_suspended' } } });
  expect(refused.json.error.message).toMatch(/An operator suspended this Rampart account .*on leave/);
  expect((await h.store.runs.result(run.id, 'alice/webapp'))?.status).toBe('cancelled');
  // The PAT stays, sealed, until the account is deleted.
  expect(await h.store.credentials.get(accountId)).not.toBeNull();
  expect((await admin('list-users')).stdout).toMatch(/alice\s+1001\s+suspended \(operator\)\s+yes/);

  expect((await admin('reinstate-user', accountId)).stdout).toBe(`alice (${accountId}) is active again.\n`);
  expect((await h.request('GET', '/api/v1/me', { token })).status).toBe(200);

  const exported = await admin('export-audit', '--user', 'alice');
  const events = exported.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; github_login: string; account_id: string; at: string });
  expect(events.map((e) => e.type)).toEqual(
    expect.arrayContaining([
      'account.created',
      'session.signed_in',
      'pat.saved',
      'account.suspended',
      'account.reinstated',
    ]),
  );
  expect(events.every((e) => e.github_login === 'alice' && e.account_id === accountId)).toBe(true);
  // Oldest first; --since leaves out what came before.
  expect([...events].sort((a, b) => a.at.localeCompare(b.at)).map((e) => e.type)).toEqual(events.map((e) => e.type));
  expect((await admin('export-audit', '--since', '2999-01-01')).stdout).toBe('');
  expect((await admin('export-audit', '--since', 'yesterday')).code).toBe(2);

  const dry = await admin('delete-user', 'alice');
  expect(dry).toMatchObject({
    code: 1,
    stdout: expect.stringMatching(/^Would delete alice .*its PAT, 1 run\(s\), 1 policy/),
  });
  expect(await h.store.accounts.get(accountId)).not.toBeNull();

  const deleted = await admin('delete-user', 'alice', '--yes');
  expect(deleted.code).toBe(0);
  expect(deleted.stdout).toMatch(/Deleted alice .*PAT, 1 API token\(s\), 0 session\(s\), 1 run\(s\), 1 policy/);
  expect((await h.request('GET', '/api/v1/me', { token })).status).toBe(401);
  expect(await h.store.policies.get(policy?.id ?? '')).toBeNull();
  // Nothing of the account is left but the service's record that it was deleted (and the per-minute rate-limit
  // counter, which expires by itself within the minute).
  const left = (await dumpPrefix(h.redis, h.prefix)).filter(
    ({ key, value }) =>
      (key.includes(accountId) || value.includes(accountId)) && !key.startsWith(h.store.keys.rateLimit('')),
  );
  expect(left.map((e) => e.key)).toEqual([h.store.keys.serviceAudit]);
  const service = (await admin('export-audit')).stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; account_id: string | null; details: Record<string, unknown> });
  expect(service.find((e) => e.type === 'account.deleted')).toMatchObject({
    account_id: null,
    details: { account_id: accountId, github_login: 'alice', pat: true, runs: 1, policies: 1 },
  });
  expect((await admin('suspend-user', 'alice')).code).toBe(2);
});
