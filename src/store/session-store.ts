import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashToken } from '../accounts/token-format.js';
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
      const session: Session = { accountId, csrfToken: randomBytes(32).toString('base64url'), createdAt: iso(now), expiresAt: iso(now + ttlSeconds * 1000) };
      await redis.set(keys.session(hashToken(sessionId)), JSON.stringify({ v: 1, ...session }), 'EX', ttlSeconds);
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
      await redis.del(keys.session(hashToken(sessionId)));
    },

    async createOAuthState(returnTo: string): Promise<string> {
      const state = randomBytes(32).toString('base64url');
      await redis.set(keys.oauthState(hashToken(state)), JSON.stringify({ v: 1, returnTo, createdAt: iso(clock.now()) }), 'EX', OAUTH_STATE_TTL_SECONDS);
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
