import { z } from 'zod';
import type { SealedSecret } from '../vault/vault.js';
import { iso, parseRecord, type StoreContext } from './store-context.js';

/** The ciphertext's binding (vault associated data): the account and this record name. */
export const USER_TOKEN_RECORD_NAME = 'github-user-token';

const recordSchema = z.object({
  v: z.literal(1),
  accountId: z.string(),
  /** The user token and its refresh token, as JSON, sealed by the vault. */
  sealed: z.object({ kid: z.string(), nonce: z.string(), ciphertext: z.string() }),
  accessExpiresAt: z.string().nullable(),
  refreshExpiresAt: z.string().nullable(),
  savedAt: z.string(),
});
export type UserTokenRecord = Omit<z.output<typeof recordSchema>, 'v'>;

/**
 * The sign-in's GitHub user token, sealed: kept only where organization membership is checked again after sign-in
 * (RAMPART_ALLOWED_ORGS), replaced at every sign-in and refresh, deleted with the account.
 */
export function githubUserTokenStore(ctx: StoreContext) {
  const { redis, keys, clock } = ctx;
  return {
    async put(
      accountId: string,
      sealed: SealedSecret,
      expiry: { accessExpiresAt: string | null; refreshExpiresAt: string | null },
    ): Promise<void> {
      const record = { v: 1, accountId, sealed, ...expiry, savedAt: iso(clock.now()) };
      // Past the refresh token's end it is useless: let Redis drop it.
      const until = expiry.refreshExpiresAt ?? expiry.accessExpiresAt;
      if (until)
        await redis.set(
          keys.githubUserToken(accountId),
          JSON.stringify(record),
          'PXAT',
          Math.max(Date.parse(until), clock.now() + 1000),
        );
      else await redis.set(keys.githubUserToken(accountId), JSON.stringify(record));
    },

    async get(accountId: string): Promise<UserTokenRecord | null> {
      const key = keys.githubUserToken(accountId);
      const record = parseRecord(key, await redis.get(key), recordSchema);
      if (!record) return null;
      const { v: _v, ...rest } = record;
      return rest;
    },

    async remove(accountId: string): Promise<void> {
      await redis.del(keys.githubUserToken(accountId));
    },
  };
}

export type GitHubUserTokenStore = ReturnType<typeof githubUserTokenStore>;
