import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashToken } from './hash-token.js';
import { iso, parseRecord, type StoreContext } from './store-context.js';

const sessionSchema = z.object({
  v: z.literal(1),
  accountId: z.string(),
  csrfToken: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Session = Omit<z.output<typeof sessionSchema>, 'v'>;

const oauthStateSchema = z.object({ v: z.literal(1), returnTo: z.string(), createdAt: z.string() });
const OAUTH_STATE_TTL_SECONDS = 600;

/** Browser sessions and OAuth sign-in states, each stored under the hash of its secret. */
export function sessionStore(ctx: StoreContext, ttlSeconds: number) {
  const { redis, keys, clock } = ctx;
  return {
    /** Returns the cookie value, which exists only in the browser and this response. */
    async create(accountId: string): Promise<{ sessionId: string; session: Session }> {
      const sessionId = randomBytes(32).toString('base64url');
      const now = clock.now();
      const session: Session = {
        accountId,
        csrfToken: randomBytes(32).toString('base64url'),
        createdAt: iso(now),
        expiresAt: iso(now + ttlSeconds * 1000),
      };
      const hash = hashToken(sessionId);
      await redis
        .multi()
        .set(keys.session(hash), JSON.stringify({ v: 1, ...session }), 'EX', ttlSeconds)
        .sadd(keys.accountSessions(accountId), hash)
        .expire(keys.accountSessions(accountId), ttlSeconds)
        .exec();
      return { sessionId, session };
    },

    async get(sessionId: string): Promise<Session | null> {
      const key = keys.session(hashToken(sessionId));
      const record = parseRecord(key, await redis.get(key), sessionSchema);
      if (!record || Date.parse(record.expiresAt) <= clock.now()) return null;
      const { v: _v, ...session } = record;
      return session;
    },

    async destroy(sessionId: string): Promise<void> {
      const hash = hashToken(sessionId);
      const record = parseRecord(keys.session(hash), await redis.getdel(keys.session(hash)), sessionSchema);
      if (record) await redis.srem(keys.accountSessions(record.accountId), hash);
    },

    /** Ends every session of the account (suspended or deleted); resolves to how many were live. */
    async destroyAllForAccount(accountId: string): Promise<number> {
      const hashes = await redis.smembers(keys.accountSessions(accountId));
      const multi = redis.multi();
      for (const hash of hashes) multi.del(keys.session(hash));
      multi.del(keys.accountSessions(accountId));
      const results = (await multi.exec()) ?? [];
      return results.slice(0, hashes.length).filter(([, n]) => n === 1).length;
    },

    async createOAuthState(returnTo: string): Promise<string> {
      const state = randomBytes(32).toString('base64url');
      await redis.set(
        keys.oauthState(hashToken(state)),
        JSON.stringify({ v: 1, returnTo, createdAt: iso(clock.now()) }),
        'EX',
        OAUTH_STATE_TTL_SECONDS,
      );
      return state;
    },

    /** One use only: GETDEL so a replayed callback finds nothing. */
    async consumeOAuthState(state: string): Promise<{ returnTo: string } | null> {
      const key = keys.oauthState(hashToken(state));
      const record = parseRecord(key, await redis.getdel(key), oauthStateSchema);
      return record ? { returnTo: record.returnTo } : null;
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
