import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { appRedisKeys } from './app-keys.js';

/** The App's installation on one account, as much of it as Rampart needs. */
export interface InstallationRecord {
  id: number;
  /** The account's login as GitHub spells it. */
  account: string;
  suspended: boolean;
  /** The installation's settings page, where an owner picks repositories and accepts permissions. */
  settingsUrl: string | null;
}

export type InstallationState = { installed: true; installation: InstallationRecord } | { installed: false };

const stored = z.discriminatedUnion('installed', [
  z.object({
    v: z.literal(1),
    installed: z.literal(true),
    id: z.number().int().positive(),
    account: z.string(),
    suspended: z.boolean(),
    settingsUrl: z.string().nullable(),
  }),
  z.object({ v: z.literal(1), installed: z.literal(false) }),
]);

export interface InstallationCacheOptions {
  redis: Redis;
  prefix: string;
  appId: number | string;
  /** How long an installation found stays cached; webhooks update it sooner. Default 1 hour. */
  installedTtlSeconds?: number;
  /** How long "not installed" stays cached: short, in case an `installation` webhook is missed. Default 5 minutes. */
  notInstalledTtlSeconds?: number;
}

export interface CachedLookup {
  state: InstallationState | null;
  /** The account's webhook version when read; pass it back to `storeLookup`. */
  version: string;
  /** Another process is looking the account up right now. */
  lookupInProgress: boolean;
}

// Store a look-up's answer only if no webhook touched the account since the look-up began (KEYS[2] unchanged).
const STORE_IF_UNCHANGED = `
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1`;

const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

// Versions must outlive any look-up in flight; a day is plenty and keeps the key count bounded.
const VERSION_TTL_SECONDS = 86_400;
const LOOKUP_LOCK_MS = 10_000;

/**
 * Per-account installation look-ups shared by every API and worker process through Redis, so each account
 * costs one `GET /repos/{o}/{r}/installation` per TTL however many repositories and workers there are.
 * Webhooks replace or forget entries (`put`, `forget`) and bump a version, which voids the write of any
 * look-up that started before the webhook arrived.
 */
export function installationCache(options: InstallationCacheOptions) {
  const { redis } = options;
  const keys = appRedisKeys(options.prefix, options.appId);
  const installedTtl = options.installedTtlSeconds ?? 3600;
  const notInstalledTtl = options.notInstalledTtlSeconds ?? 300;
  const encode = (state: InstallationState) =>
    JSON.stringify(state.installed ? { v: 1, installed: true, ...state.installation } : { v: 1, installed: false });
  const ttlOf = (state: InstallationState) => (state.installed ? installedTtl : notInstalledTtl);

  const decode = (raw: string | null): InstallationState | null => {
    if (raw === null) return null;
    let parsed;
    try {
      parsed = stored.safeParse(JSON.parse(raw));
    } catch {
      return null;
    }
    // An unreadable entry (older schema, manual edit) is only a cache miss.
    if (!parsed.success) return null;
    if (!parsed.data.installed) return { installed: false };
    const { id, account, suspended, settingsUrl } = parsed.data;
    return { installed: true, installation: { id, account, suspended, settingsUrl } };
  };

  /** Bumps the version and applies the change in one transaction, for webhooks. */
  const change = async (owner: string, state: InstallationState | null): Promise<void> => {
    const tx = redis
      .multi()
      .incr(keys.installationVersion(owner))
      .expire(keys.installationVersion(owner), VERSION_TTL_SECONDS);
    if (state) tx.set(keys.installation(owner), encode(state), 'EX', ttlOf(state));
    else tx.del(keys.installation(owner));
    const results = await tx.exec();
    const failed = results?.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  };

  return {
    async read(owner: string): Promise<CachedLookup> {
      const [raw, version, lock] = await redis.mget(
        keys.installation(owner),
        keys.installationVersion(owner),
        keys.installationLookup(owner),
      );
      return {
        state: decode(raw ?? null),
        version: version ?? '',
        lookupInProgress: lock !== null && lock !== undefined,
      };
    },
    /** Caches a look-up's answer; false when a webhook changed the account meanwhile (the answer may be stale). */
    async storeLookup(owner: string, state: InstallationState, version: string): Promise<boolean> {
      const done = await redis.eval(
        STORE_IF_UNCHANGED,
        2,
        keys.installation(owner),
        keys.installationVersion(owner),
        version,
        encode(state),
        ttlOf(state),
      );
      return Number(done) === 1;
    },
    /** What a webhook says the installation now is. */
    put: (owner: string, state: InstallationState) => change(owner, state),
    /** Forget what is known; the next use looks it up again. */
    forget: (owner: string) => change(owner, null),
    /** Tries to become the one process looking the account up; returns a release function, or null. */
    async claimLookup(owner: string): Promise<(() => Promise<void>) | null> {
      const token = randomUUID();
      const got = await redis.set(keys.installationLookup(owner), token, 'PX', LOOKUP_LOCK_MS, 'NX');
      if (got !== 'OK') return null;
      return async () => {
        await redis.eval(UNLOCK, 1, keys.installationLookup(owner), token);
      };
    },
  };
}

export type InstallationCache = ReturnType<typeof installationCache>;
