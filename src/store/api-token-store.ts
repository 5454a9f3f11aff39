import { z } from 'zod';
import { API_SCOPES } from './api-scopes.js';
import type { AuditActor, AuditDetails, AuditStore } from './audit-store.js';
import { parseRecord, StoreError, type StoreContext } from './store-context.js';

/** API token ids: `tok_` and 16 base62 characters (see issueApiToken). */
export const API_TOKEN_ID_PATTERN = /^tok_[0-9A-Za-z]{16}$/;

/** Revoked and expired tokens are kept this long so their use gets "revoked"/"expired", not "unknown". */
const TOMBSTONE_MS = 30 * 24 * 3600 * 1000;
const ACCESS_TOMBSTONE_MS = 24 * 3600 * 1000;

const scopeList = z
  .string()
  .transform((s) => s.split(' ').filter(Boolean))
  .pipe(z.array(z.enum(API_SCOPES)));
const optionalTime = z.string().transform((s) => (s === '' ? null : s));

// A hash, not a JSON string: last-used updates and revocation then touch separate fields and cannot undo each other.
const apiTokenSchema = z.object({
  v: z.literal('1'),
  id: z.string(),
  accountId: z.string(),
  hash: z.string(),
  name: z.string(),
  scopes: scopeList,
  createdAt: z.string(),
  expiresAt: optionalTime,
  lastUsedAt: optionalTime.default(''),
  revokedAt: optionalTime.default(''),
});
export type ApiTokenRecord = Omit<z.output<typeof apiTokenSchema>, 'v'>;

const accessTokenSchema = z.object({
  v: z.literal(1),
  accountId: z.string(),
  parentId: z.string(),
  scopes: z.array(z.enum(API_SCOPES)),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type AccessTokenRecord = Omit<z.output<typeof accessTokenSchema>, 'v'>;

const TOUCH = `if redis.call('exists', KEYS[1]) == 1 then redis.call('hset', KEYS[1], 'lastUsedAt', ARGV[1]) end return 0`;

export function apiTokenStore(ctx: StoreContext, audit: AuditStore) {
  const { redis, keys } = ctx;
  const get = async (id: string): Promise<ApiTokenRecord | null> => {
    // An id Rampart never issues names no record, and must not become part of a key.
    if (!API_TOKEN_ID_PATTERN.test(id)) return null;
    const fields = await redis.hgetall(keys.apiToken(id));
    if (Object.keys(fields).length === 0) return null;
    const parsed = apiTokenSchema.safeParse(fields);
    if (!parsed.success) throw new StoreError(`the record at ${keys.apiToken(id)} does not match its schema`);
    const { v: _v, ...record } = parsed.data;
    return record;
  };

  return {
    get,

    async create(
      record: Omit<ApiTokenRecord, 'lastUsedAt' | 'revokedAt'>,
      actor: AuditActor,
      details: AuditDetails,
    ): Promise<void> {
      const multi = redis
        .multi()
        .hset(keys.apiToken(record.id), {
          v: '1',
          id: record.id,
          accountId: record.accountId,
          hash: record.hash,
          name: record.name,
          scopes: record.scopes.join(' '),
          createdAt: record.createdAt,
          expiresAt: record.expiresAt ?? '',
          lastUsedAt: '',
          revokedAt: '',
        })
        .set(keys.apiTokenByHash(record.hash), record.id)
        .sadd(keys.accountApiTokens(record.accountId), record.id);
      if (record.expiresAt) {
        const until = Date.parse(record.expiresAt) + TOMBSTONE_MS;
        multi.pexpireat(keys.apiToken(record.id), until).pexpireat(keys.apiTokenByHash(record.hash), until);
      }
      audit.append(multi, record.accountId, 'token.created', actor, details);
      await multi.exec();
    },

    async findByHash(hash: string): Promise<ApiTokenRecord | null> {
      const id = await redis.get(keys.apiTokenByHash(hash));
      return id ? get(id) : null;
    },

    /** The account's tokens that are not revoked (expired ones included, marked by their date). */
    async list(accountId: string): Promise<ApiTokenRecord[]> {
      const ids = await redis.smembers(keys.accountApiTokens(accountId));
      const records = await Promise.all(ids.map(get));
      const gone = ids.filter((_, i) => records[i] === null);
      if (gone.length > 0) await redis.srem(keys.accountApiTokens(accountId), ...gone);
      return records
        .filter((r): r is ApiTokenRecord => r !== null && r.revokedAt === null && r.accountId === accountId)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    async revoke(record: ApiTokenRecord, revokedAt: string, actor: AuditActor): Promise<void> {
      const until = Date.parse(revokedAt) + TOMBSTONE_MS;
      const multi = redis
        .multi()
        .hset(keys.apiToken(record.id), 'revokedAt', revokedAt)
        .srem(keys.accountApiTokens(record.accountId), record.id)
        .pexpireat(keys.apiToken(record.id), until)
        .pexpireat(keys.apiTokenByHash(record.hash), until);
      audit.append(multi, record.accountId, 'token.revoked', actor, { token_id: record.id, name: record.name });
      await multi.exec();
    },

    async touch(id: string, at: string): Promise<void> {
      await redis.eval(TOUCH, 1, keys.apiToken(id), at);
    },

    async createAccessToken(
      hash: string,
      record: AccessTokenRecord,
      ttlMs: number,
      actor: AuditActor,
      details: AuditDetails,
    ): Promise<void> {
      const multi = redis
        .multi()
        .set(keys.accessToken(hash), JSON.stringify({ v: 1, ...record }), 'PX', ttlMs + ACCESS_TOMBSTONE_MS);
      audit.append(multi, record.accountId, 'token.exchanged', actor, details);
      await multi.exec();
    },

    async findAccessToken(hash: string): Promise<AccessTokenRecord | null> {
      const key = keys.accessToken(hash);
      const record = parseRecord(key, await redis.get(key), accessTokenSchema);
      if (!record) return null;
      const { v: _v, ...rest } = record;
      return rest;
    },
  };
}

export type ApiTokenStore = ReturnType<typeof apiTokenStore>;
