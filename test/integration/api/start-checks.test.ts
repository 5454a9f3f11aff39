import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { systemClock } from '../../../src/clock.js';
import { main } from '../../../src/main.js';
import { PAT_RECORD_NAME } from '../../../src/store/credential-store.js';
import { createStore, type Store } from '../../../src/store/store.js';
import { parseKeyRing } from '../../../src/config/key-ring.js';
import { createVault } from '../../../src/vault/vault.js';
import { deleteByPrefix, randomKey, REDIS_URL } from './support/harness.js';
import { startRedisServer } from './support/redis-server.js';
import { classicToken } from './support/seed.js';

const K1 = randomKey();
const K2 = randomKey();
const prefix = `rampart-test-${randomBytes(6).toString('hex')}:`;
let redis: Redis;
let store: Store;

async function run(
  argv: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    // Port 9 refuses at once: create-user's GitHub look-up fails here without reaching any network.
    env: {
      REDIS_URL,
      RAMPART_REDIS_PREFIX: prefix,
      RAMPART_ALLOW_VOLATILE_REDIS: '1',
      GITHUB_API_URL: 'http://127.0.0.1:9',
      ...env,
    },
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

/** A stored PAT record sealed with the given key ring's active key, as the API would write it. */
async function storePat(accountId: string, token: string, ring: string): Promise<void> {
  const vault = await createVault(parseKeyRing(ring));
  await store.credentials.put(
    {
      accountId,
      name: 'pat',
      kind: 'classic',
      login: accountId,
      githubId: 1,
      email: 'x@example.com',
      last4: token.slice(-4),
      expiresAt: null,
      scopes: ['repo', 'workflow'],
      createdAt: new Date().toISOString(),
      sealed: vault.seal(token, { accountId, record: PAT_RECORD_NAME }),
    },
    { via: 'test' },
    {},
  );
}

async function openWith(ring: string, accountId: string): Promise<string> {
  const record = await store.credentials.get(accountId);
  if (!record) throw new Error('no record');
  return (await createVault(parseKeyRing(ring))).open(record.sealed, { accountId, record: PAT_RECORD_NAME });
}

beforeAll(() => {
  redis = new Redis(REDIS_URL);
  store = createStore({ redis, prefix, clock: systemClock, sessionTtlSeconds: 3600 });
});
beforeEach(async () => deleteByPrefix(redis, prefix));
afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});

describe('a missing, short, guessable or wrong key stops the process at start', () => {
  test.each([
    ['missing', {}, /RAMPART_MASTER_KEYS: is not set/],
    [
      'one byte repeated',
      { RAMPART_MASTER_KEYS: `k1:${Buffer.alloc(32, 0x61).toString('base64')}` },
      /RAMPART_MASTER_KEYS: key "k1" is one byte repeated.*openssl rand -base64 32/,
    ],
    [
      'a repeated pattern',
      { RAMPART_MASTER_KEYS: `k1:${Buffer.from('secret!!'.repeat(4)).toString('base64')}` },
      /RAMPART_MASTER_KEYS: key "k1" repeats one 8-byte pattern.*openssl rand -base64 32/,
    ],
    [
      'short',
      { RAMPART_MASTER_KEYS: `k1:${Buffer.alloc(16).toString('base64')}` },
      /RAMPART_MASTER_KEYS: key "k1" is 16 bytes; keys must be exactly 32 bytes/,
    ],
    ['without a key id', { RAMPART_MASTER_KEYS: K1 }, /RAMPART_MASTER_KEYS: entry 1 has no key id/],
  ])('%s', async (_what, env, message) => {
    for (const command of [['api'], ['admin', 'rotate-keys']]) {
      const r = await run(command, env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain(K1);
    }
  });

  test('a different key under the same id is caught by its key-check record', async () => {
    await storePat('acc_a', classicToken('startA'), `k1:${K1}`);
    expect((await run(['admin', 'rotate-keys'], { RAMPART_MASTER_KEYS: `k1:${K1}` })).code).toBe(0);
    const r = await run(['api'], { RAMPART_MASTER_KEYS: `k1:${K2}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /RAMPART_MASTER_KEYS: key "k1" is not the key that sealed Rampart's records under that id/,
    );
  });

  test('without a key-check record, records that none decrypt stop the start too', async () => {
    await storePat('acc_a', classicToken('startA'), `k1:${K1}`);
    await storePat('acc_b', classicToken('startB'), `k1:${K1}`);
    const r = await run(['admin', 'rotate-keys'], { RAMPART_MASTER_KEYS: `k1:${K2}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/key "k1" decrypts none of the 2 stored record\(s\) tried/);
  });

  test('a key id that stored records need, missing from the ring', async () => {
    await storePat('acc_a', classicToken('startA'), `k1:${K1}`);
    const r = await run(['admin', 'rotate-keys'], { RAMPART_MASTER_KEYS: `k2:${K2}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lacks keys that stored records need: 1 record\(s\) with key id "k1"/);
  });

  test('one tampered record does not stop the service', async () => {
    await storePat('acc_a', classicToken('startA'), `k1:${K1}`);
    await storePat('acc_b', classicToken('startB'), `k1:${K1}`);
    const key = store.keys.githubPat('acc_b');
    const record = JSON.parse((await redis.get(key)) ?? '{}');
    record.sealed.ciphertext = Buffer.from('garbage-garbage-garbage-garbage!').toString('base64');
    await redis.set(key, JSON.stringify(record));
    const r = await run(['admin', 'create-user', '--login', 'zed', '--email', 'zed@example.com'], {
      RAMPART_MASTER_KEYS: `k1:${K1}`,
    });
    expect(r.code).toBe(0);
  });
});

describe('rampart admin rotate-keys', () => {
  test('re-encrypts every record with the active key; then the old key can go', async () => {
    const tokens = { acc_a: classicToken('rotA'), acc_b: classicToken('rotB') };
    for (const [id, token] of Object.entries(tokens)) await storePat(id, token, `k1:${K1}`);
    const r = await run(['admin', 'rotate-keys'], { RAMPART_MASTER_KEYS: `k2:${K2},k1:${K1}` });
    expect(r).toMatchObject({ code: 0, stderr: expect.any(String) });
    expect(r.stdout).toBe(
      'Re-encrypted 2 record(s) with key "k2"; 0 already used it; 0 failed.\nNo record uses key(s) k1 any more; you may remove them from RAMPART_MASTER_KEYS.\n',
    );
    for (const [id, token] of Object.entries(tokens)) {
      expect((await store.credentials.get(id))?.sealed.kid).toBe('k2');
      expect(await openWith(`k2:${K2}`, id)).toBe(token);
    }
    const again = await run(['admin', 'rotate-keys', '--json'], { RAMPART_MASTER_KEYS: `k2:${K2}` });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      active_kid: 'k2',
      rotated: 0,
      already_current: 2,
      failed: [],
      unused_kids: [],
    });
  });

  test('a record that cannot be decrypted is reported, the rest are rotated', async () => {
    await storePat('acc_a', classicToken('rotA'), `k1:${K1}`);
    await storePat('acc_b', classicToken('rotB'), `k1:${K1}`);
    const key = store.keys.githubPat('acc_b');
    const record = JSON.parse((await redis.get(key)) ?? '{}');
    const bytes = Buffer.from(record.sealed.ciphertext, 'base64');
    bytes[1] = (bytes[1] ?? 0) ^ 1;
    record.sealed.ciphertext = bytes.toString('base64');
    await redis.set(key, JSON.stringify(record));
    const r = await run(['admin', 'rotate-keys'], { RAMPART_MASTER_KEYS: `k2:${K2},k1:${K1}` });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /Re-encrypted 1 record\(s\) with key "k2"; 0 already used it; 1 failed\.\n {2}acc_b: the github-pat record does not decrypt with key id "k1"/,
    );
    expect(r.stdout).not.toMatch(/you may remove/);
    expect((await store.credentials.get('acc_a'))?.sealed.kid).toBe('k2');
  });
});

describe('rampart admin create-user', () => {
  test('prints the user and a first token as JSON; the token works and is stored only hashed', async () => {
    const r = await run(['admin', 'create-user', '--login', 'octo', '--email', 'octo@example.com', '--json'], {
      RAMPART_MASTER_KEYS: `k1:${K1}`,
    });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      user: {
        id: expect.stringMatching(/^acc_/),
        github_login: 'octo',
        github_id: null,
        email: 'octo@example.com',
        name: null,
        created_at: expect.any(String),
      },
      token: expect.stringMatching(/^rpat_[0-9A-Za-z]{38}$/),
    });
    const list = await store.apiTokens.list(out.user.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      name: 'first token',
      scopes: ['credentials:read', 'credentials:write', 'orchestrate', 'runs:read', 'tokens:write', 'admin'],
    });
    expect(Date.parse(list[0]?.expiresAt ?? '') - Date.parse(list[0]?.createdAt ?? '')).toBe(90 * 24 * 3600 * 1000);
    expect(JSON.stringify(await redis.hgetall(store.keys.apiToken(list[0]?.id ?? '')))).not.toContain(out.token);
    // GitHub could not be asked who octo is: the account is unbound, and the operator is told how to bind it.
    expect(r.stderr).toMatch(
      /^warning: Could not ask GitHub \(http:\/\/127\.0\.0\.1:9\) who octo is: .*pass --github-id to bind it now\.$/m,
    );
  });

  test('--github-id binds the account at once; a malformed id is refused', async () => {
    const r = await run(
      ['admin', 'create-user', '--login', 'bound', '--github-id', '583231', '--email', 'b@example.com', '--json'],
      { RAMPART_MASTER_KEYS: `k1:${K1}` },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/Could not ask GitHub/);
    expect(JSON.parse(r.stdout).user).toMatchObject({ github_login: 'bound', github_id: 583231 });
    const bad = await run(
      ['admin', 'create-user', '--login', 'b2', '--github-id', '0x10', '--email', 'b@example.com'],
      { RAMPART_MASTER_KEYS: `k1:${K1}` },
    );
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/--github-id 0x10 is not a GitHub user id/) });
  });

  test('text output; refusals', async () => {
    const env = { RAMPART_MASTER_KEYS: `k1:${K1}` };
    const r = await run(['admin', 'create-user', '--login', 'octo', '--email', 'octo@example.com'], env);
    expect(r.stdout).toMatch(
      /^Created user octo \(acc_\w+\)\.\nFirst API token \(expires \S+; shown only now\):\nrpat_\w{38}\n$/,
    );
    const dup = await run(['admin', 'create-user', '--login', 'octo', '--email', 'octo@example.com'], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(
      /\nrampart: An account for GitHub login octo already exists\.\n$|^rampart: An account for GitHub login octo already exists\.\n$/,
    );
    expect((await run(['admin', 'create-user', '--login', 'x', '--email', 'nope'], env)).code).toBe(2);
    expect((await run(['admin', 'create-user', '--login', '-bad-', '--email', 'a@example.com'], env)).stderr).toMatch(
      /is not a GitHub login/,
    );
    expect((await run(['admin', 'create-user', '--email', 'a@example.com'], env)).code).toBe(2);
    const unlimited = await run(['admin', 'create-user', '--login', 'forever', '--email', 'f@example.com'], {
      ...env,
      RAMPART_API_TOKEN_MAX_LIFETIME_DAYS: 'unlimited',
    });
    expect(unlimited.stdout).toMatch(/never expires/);
  });
});

describe('Redis durability at start', () => {
  test('a Redis without persistence is refused unless RAMPART_ALLOW_VOLATILE_REDIS=1, which warns', async () => {
    const volatile = await startRedisServer(['--save', '', '--appendonly', 'no']);
    try {
      const env = { REDIS_URL: volatile.url, RAMPART_MASTER_KEYS: `k1:${K1}`, RAMPART_ALLOW_VOLATILE_REDIS: '0' };
      for (const command of [['api'], ['admin', 'create-user', '--login', 'v', '--email', 'v@example.com']]) {
        const refused = await run(command, env);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(
          /can lose Rampart's data: persistence is off \(appendonly no and no RDB save points\)/,
        );
        expect(refused.stderr).toMatch(/RAMPART_ALLOW_VOLATILE_REDIS=1/);
      }
      const allowed = await run(['admin', 'create-user', '--login', 'v', '--email', 'v@example.com'], {
        ...env,
        RAMPART_ALLOW_VOLATILE_REDIS: '1',
      });
      expect(allowed.code).toBe(0);
      expect(allowed.stderr).toMatch(
        /"level":40.*Redis can lose data; continuing because RAMPART_ALLOW_VOLATILE_REDIS is set/,
      );
    } finally {
      await volatile.stop();
    }
  });

  test('an evicting Redis is refused, naming the policy', async () => {
    const evicting = await startRedisServer(['--appendonly', 'yes', '--maxmemory-policy', 'allkeys-lru']);
    try {
      const r = await run(['api'], {
        REDIS_URL: evicting.url,
        RAMPART_MASTER_KEYS: `k1:${K1}`,
        RAMPART_ALLOW_VOLATILE_REDIS: '0',
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/maxmemory-policy is allkeys-lru; it must be noeviction/);
      expect(r.stderr).not.toMatch(/persistence/);
    } finally {
      await evicting.stop();
    }
  });

  test('a durable Redis (appendonly yes, noeviction) is accepted without warnings', async () => {
    const durable = await startRedisServer(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']);
    try {
      const r = await run(['admin', 'create-user', '--login', 'd', '--github-id', '7', '--email', 'd@example.com'], {
        REDIS_URL: durable.url,
        RAMPART_MASTER_KEYS: `k1:${K1}`,
        RAMPART_ALLOW_VOLATILE_REDIS: '0',
      });
      expect(r).toMatchObject({ code: 0, stderr: '' });
    } finally {
      await durable.stop();
    }
  });

  test('an unreachable Redis is named, without its password', async () => {
    const r = await run(['api'], { REDIS_URL: 'redis://:hunter2@127.0.0.1:1', RAMPART_MASTER_KEYS: `k1:${K1}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1 \(REDIS_URL\)/);
    expect(r.stderr).not.toContain('hunter2');
  });
});
