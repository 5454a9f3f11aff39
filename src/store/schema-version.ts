import { randomBytes } from 'node:crypto';
import type { StoreContext } from './store-context.js';
import { MIGRATIONS, type Migration } from './migrations/migrations.js';

/**
 * The version of the stored records this Rampart reads and writes. Every change to a record's shape that an older
 * Rampart could not read adds a migration (migrations/) and raises this number; records carry their own `v` too.
 */
export const CURRENT_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 1);

/** This Redis cannot be used by this Rampart: written by a newer one, or another process is stuck migrating it. */
export class SchemaVersionError extends Error {
  override name = 'SchemaVersionError';
}

export interface MigrateOptions {
  log: (message: string, details?: Record<string, unknown>) => void;
  /** How long a migrating process holds the lock before another may take over (renewed between migrations). */
  lockMs?: number;
  /** How long a process waits for another one's migration before giving up. */
  waitMs?: number;
  migrations?: readonly Migration[];
  sleep?: (ms: number) => Promise<void>;
}

export interface MigrateResult {
  from: number;
  to: number;
  applied: Array<{ version: number; description: string; summary: string }>;
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const SET_VERSION = `if redis.call('get', KEYS[2]) ~= ARGV[2] then return 0 end redis.call('set', KEYS[1], ARGV[1]) return 1`;

/**
 * Brings the stored records up to this Rampart's schema version, at start, before anything reads them: under a lock,
 * so one process migrates while the others (API, workers, admin) wait; each migration is idempotent, so a process
 * that dies half-way leaves work the next start finishes. A Redis written by a newer Rampart is refused, not read.
 */
export async function migrateStore(ctx: StoreContext, options: MigrateOptions): Promise<MigrateResult> {
  const migrations = [...(options.migrations ?? MIGRATIONS)].sort((a, b) => a.version - b.version);
  const target = migrations.reduce((max, m) => Math.max(max, m.version), 1);
  const lockMs = options.lockMs ?? 60_000;
  const waitMs = options.waitMs ?? 120_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { redis, keys } = ctx;
  const started = Date.now();
  for (;;) {
    const stored = await storedVersion(ctx);
    if (stored === null) {
      // A Redis with no Rampart data: nothing to migrate.
      if ((await redis.set(keys.schemaVersion, String(target), 'NX')) === 'OK')
        return { from: target, to: target, applied: [] };
      continue;
    }
    if (stored > target) {
      throw new SchemaVersionError(
        `This Redis holds records of schema version ${stored}, written by a newer Rampart; this one knows up to version ${target}. Run the newer Rampart (every process the same version), or restore the backup taken before the upgrade.`,
      );
    }
    if (stored === target) return { from: stored, to: stored, applied: [] };
    const token = randomBytes(12).toString('hex');
    if ((await redis.set(keys.schemaMigrationLock, token, 'PX', lockMs, 'NX')) !== 'OK') {
      if (Date.now() - started > waitMs) {
        throw new SchemaVersionError(
          `Another Rampart process has been migrating this Redis for over ${Math.round(waitMs / 1000)} s; if none is running, delete the key ${keys.schemaMigrationLock}.`,
        );
      }
      await sleep(250);
      continue;
    }
    try {
      return await apply(ctx, migrations, stored, token, lockMs, options);
    } finally {
      await redis.eval(RELEASE, 1, keys.schemaMigrationLock, token);
    }
  }
}

async function apply(
  ctx: StoreContext,
  migrations: readonly Migration[],
  from: number,
  token: string,
  lockMs: number,
  options: MigrateOptions,
): Promise<MigrateResult> {
  const { redis, keys } = ctx;
  // Read again under the lock: another process may have finished while this one waited for it.
  let current = (await storedVersion(ctx)) ?? from;
  const applied: MigrateResult['applied'] = [];
  for (const m of migrations.filter((x) => x.version > current)) {
    options.log(`migrating stored records to schema version ${m.version}: ${m.description}`);
    const summary = await m.run(ctx);
    if (
      (await redis.eval(SET_VERSION, 2, keys.schemaVersion, keys.schemaMigrationLock, String(m.version), token)) !== 1
    ) {
      throw new SchemaVersionError(
        `The migration lock expired during migration ${m.version}; start again (migrations are safe to repeat).`,
      );
    }
    await redis.eval(RENEW, 1, keys.schemaMigrationLock, token, String(lockMs));
    options.log(`schema version ${m.version}: ${summary}`, { version: m.version });
    applied.push({ version: m.version, description: m.description, summary });
    current = m.version;
  }
  return { from, to: current, applied };
}

/** The stored version; 1 for Rampart data from before versions were stored; null for a Redis without Rampart data. */
export async function storedVersion(ctx: StoreContext): Promise<number | null> {
  const raw = await ctx.redis.get(ctx.keys.schemaVersion);
  if (raw !== null) {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1)
      throw new SchemaVersionError(`The key ${ctx.keys.schemaVersion} holds "${raw}", not a schema version.`);
    return n;
  }
  return (await ctx.redis.exists(ctx.keys.accounts)) === 1 ? 1 : null;
}
