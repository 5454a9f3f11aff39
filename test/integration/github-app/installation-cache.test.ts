import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { installationCache } from '../../../src/github/app/installation-cache.js';
import { deleteByPrefix, REDIS_URL } from './support/app-harness.js';

// The shared installation cache on real Redis: TTLs, webhook versions against stale look-ups, the look-up claim.
const prefix = `rampart-test-app-cache-${randomBytes(6).toString('hex')}:`;
const redis = new Redis(REDIS_URL);
afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});

const installed = (id: number) => ({
  installed: true as const,
  installation: { id, account: 'Acme', suspended: false, settingsUrl: null },
});

test('look-ups are stored with their TTL (short for "not installed"), keyed by lower-case owner', async () => {
  const cache = installationCache({ redis, prefix, appId: 1, installedTtlSeconds: 600, notInstalledTtlSeconds: 30 });
  const first = await cache.read('Acme');
  expect(first).toEqual({ state: null, version: '', lookupInProgress: false });
  expect(await cache.storeLookup('Acme', installed(5), first.version)).toBe(true);
  expect((await cache.read('acme')).state).toEqual(installed(5));
  expect(await redis.ttl(`${prefix}github-app:1:installation:acme`)).toBeGreaterThan(590);
  expect(await cache.storeLookup('globex', { installed: false }, '')).toBe(true);
  expect(await redis.ttl(`${prefix}github-app:1:installation:globex`)).toBeLessThanOrEqual(30);
});

test('a webhook arriving during a look-up wins: the look-up answer is not stored over it', async () => {
  const cache = installationCache({ redis, prefix, appId: 2 });
  const before = await cache.read('acme');
  // …the look-up is in flight at GitHub when the installation is deleted and the webhook lands:
  await cache.put('acme', { installed: false });
  expect(await cache.storeLookup('acme', installed(5), before.version)).toBe(false);
  expect((await cache.read('acme')).state).toEqual({ installed: false });
  await cache.forget('acme');
  expect((await cache.read('acme')).state).toBeNull();
});

test('one process at a time claims the look-up of an account', async () => {
  const cache = installationCache({ redis, prefix, appId: 3 });
  const release = await cache.claimLookup('acme');
  expect(release).not.toBeNull();
  expect(await cache.claimLookup('ACME')).toBeNull();
  expect((await cache.read('acme')).lookupInProgress).toBe(true);
  await release?.();
  expect((await cache.read('acme')).lookupInProgress).toBe(false);
  expect(await cache.claimLookup('acme')).not.toBeNull();
});

test('an unreadable entry is a miss, not a failure', async () => {
  const cache = installationCache({ redis, prefix, appId: 4 });
  await redis.set(`${prefix}github-app:4:installation:acme`, '{"v":0}');
  expect((await cache.read('acme')).state).toBeNull();
});
