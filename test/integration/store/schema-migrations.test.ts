import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisKeys } from '../../../src/store/keys.js';
import {
  CURRENT_SCHEMA_VERSION,
  migrateStore,
  SchemaVersionError,
  storedVersion,
} from '../../../src/store/schema-version.js';
import { createStore } from '../../../src/store/store.js';
import type { StoreContext } from '../../../src/store/store-context.js';
import { deleteByPrefix, REDIS_URL } from '../api/support/harness.js';

// Upgrades: records written by the previous Rampart (schema version 1, no stored version) are migrated at start.
const redis = new Redis(REDIS_URL);
const prefixes: string[] = [];
const clock = { now: () => Date.now() };
const quiet = { log: () => undefined };

function context(): StoreContext {
  const prefix = `rampart-test-${randomBytes(6).toString('hex')}:`;
  prefixes.push(prefix);
  return { redis, keys: redisKeys(prefix), clock };
}

/** What Rampart 0.1 wrote, by hand: an account record of version 1, its indexes, and a session not indexed by account. */
async function writeVersion1(ctx: StoreContext): Promise<{ accountId: string; sessionHash: string }> {
  const { keys } = ctx;
  const accountId = 'acc_oldformat01';
  const record = {
    v: 1,
    id: accountId,
    githubLogin: 'alice',
    githubId: 1001,
    email: 'alice@example.com',
    name: 'Alice',
    createdAt: '2026-01-02T03:04:05.000Z',
  };
  const sessionHash = 'a'.repeat(64);
  const session = {
    v: 1,
    accountId,
    csrfToken: 'csrf',
    createdAt: '2026-01-02T03:04:05.000Z',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  };
  await redis
    .multi()
    .set(keys.account(accountId), JSON.stringify(record))
    .set(keys.accountByLogin('alice'), accountId)
    .set(keys.accountByGithubId(1001), accountId)
    .sadd(keys.accounts, accountId)
    .set(keys.session(sessionHash), JSON.stringify(session), 'EX', 3600)
    .exec();
  return { accountId, sessionHash };
}

afterAll(async () => {
  for (const prefix of prefixes) await deleteByPrefix(redis, prefix);
  await redis.quit();
});

test('data from before stored versions is version 1 and is migrated to the current version', async () => {
  const ctx = context();
  const { accountId, sessionHash } = await writeVersion1(ctx);
  expect(await storedVersion(ctx)).toBe(1);

  const logged: string[] = [];
  const result = await migrateStore(ctx, { log: (m) => logged.push(m) });
  expect(result).toMatchObject({ from: 1, to: CURRENT_SCHEMA_VERSION });
  expect(result.applied.map((a) => a.version)).toEqual([2]);
  expect(result.applied[0]?.summary).toBe('1 account record(s) rewritten, 1 session(s) indexed');
  expect(logged.join('\n')).toContain('schema version 2');
  expect(await redis.get(ctx.keys.schemaVersion)).toBe(String(CURRENT_SCHEMA_VERSION));

  const raw = JSON.parse((await redis.get(ctx.keys.account(accountId))) ?? '{}');
  expect(raw).toMatchObject({ v: 2, githubLogin: 'alice', status: 'active', suspension: null, membership: null });
  expect(await redis.smembers(ctx.keys.accountSessions(accountId))).toEqual([sessionHash]);
  expect(await redis.pttl(ctx.keys.accountSessions(accountId))).toBeGreaterThan(0);

  // The store reads the migrated record, and suspending the account now ends the session written in the old format.
  const store = createStore({ redis, prefix: ctx.keys.prefix, clock, sessionTtlSeconds: 3600 });
  expect(await store.accounts.findByLogin('alice')).toMatchObject({ id: accountId, status: 'active' });
  expect(await store.sessions.destroyAllForAccount(accountId)).toBe(1);
  expect(await redis.exists(ctx.keys.session(sessionHash))).toBe(0);

  // Once is enough: a second start finds nothing to do.
  expect(await migrateStore(ctx, quiet)).toEqual({
    from: CURRENT_SCHEMA_VERSION,
    to: CURRENT_SCHEMA_VERSION,
    applied: [],
  });
});

test('a version-1 record written after the migration (an old process still running) is read as an active account', async () => {
  const ctx = context();
  await migrateStore(ctx, quiet);
  const { accountId } = await writeVersion1(ctx);
  const store = createStore({ redis, prefix: ctx.keys.prefix, clock, sessionTtlSeconds: 3600 });
  expect(await store.accounts.get(accountId)).toMatchObject({
    status: 'active',
    suspension: null,
    membership: null,
    githubId: 1001,
  });
});

test('an empty Redis starts at the current version, with nothing to migrate', async () => {
  const ctx = context();
  expect(await storedVersion(ctx)).toBeNull();
  expect(await migrateStore(ctx, quiet)).toEqual({
    from: CURRENT_SCHEMA_VERSION,
    to: CURRENT_SCHEMA_VERSION,
    applied: [],
  });
  expect(await redis.get(ctx.keys.schemaVersion)).toBe(String(CURRENT_SCHEMA_VERSION));
});

test('records of a newer Rampart are refused, not read', async () => {
  const ctx = context();
  await redis.set(ctx.keys.schemaVersion, String(CURRENT_SCHEMA_VERSION + 1));
  await expect(migrateStore(ctx, quiet)).rejects.toThrow(SchemaVersionError);
  await expect(migrateStore(ctx, quiet)).rejects.toThrow(/written by a newer Rampart/);
});

test('processes starting together migrate once: the others wait for the lock and find the work done', async () => {
  const ctx = context();
  await writeVersion1(ctx);
  let runs = 0;
  const migration = {
    version: 2,
    description: 'counts its runs',
    run: async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 300));
      return 'done';
    },
  };
  const results = await Promise.all(
    [1, 2, 3].map(() =>
      migrateStore(ctx, {
        ...quiet,
        migrations: [migration],
        sleep: (ms) => new Promise((r) => setTimeout(r, ms / 5)),
      }),
    ),
  );
  expect(runs).toBe(1);
  expect(results.filter((r) => r.applied.length === 1)).toHaveLength(1);
  expect(await redis.exists(ctx.keys.schemaMigrationLock)).toBe(0);
});

test('a migration lock nobody releases ends the wait with a sentence naming the key', async () => {
  const ctx = context();
  await writeVersion1(ctx);
  await redis.set(ctx.keys.schemaMigrationLock, 'someone-else', 'PX', 60_000);
  await expect(
    migrateStore(ctx, { ...quiet, waitMs: 200, sleep: (ms) => new Promise((r) => setTimeout(r, ms / 10)) }),
  ).rejects.toThrow(ctx.keys.schemaMigrationLock);
});
