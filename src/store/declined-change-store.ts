import { z } from 'zod';
import { iso, parseRecord, type StoreContext } from './store-context.js';

const declinedSchema = z.object({ number: z.number().int(), url: z.string(), declined_at: z.string() });
export type DeclinedChange = z.output<typeof declinedSchema>;

/** Declined change sets are forgotten after a year: by then the workflows, and what Rampart would change, have moved on. */
const TTL_SECONDS = 365 * 24 * 3600;

/**
 * The change sets of a repository whose pull request was closed without merging, by fingerprint (see
 * change-fingerprint.ts): a later run making exactly those changes does not offer them again, as Renovate ignores a
 * closed update. Per repository, whoever's run saw the pull request closed, because the pull request is the repository's.
 */
export function declinedChangeStore(ctx: StoreContext) {
  const { redis, keys, clock } = ctx;
  return {
    /** Remembers a declined change set; the first pull request that held it is kept. */
    async record(repository: string, fingerprint: string, pull: { number: number; url: string }): Promise<void> {
      const key = keys.declinedChanges(repository);
      const value = JSON.stringify({ number: pull.number, url: pull.url, declined_at: iso(clock.now()) });
      await redis.multi().hsetnx(key, fingerprint, value).expire(key, TTL_SECONDS).exec();
    },

    /** Forgets the change sets a pull request declined, once it is reopened: the person wants those changes after all. */
    async forgetPullRequest(repository: string, number: number): Promise<number> {
      const key = keys.declinedChanges(repository);
      const all = await redis.hgetall(key);
      const held = Object.keys(all).filter(
        (fingerprint) => parseRecord(key, all[fingerprint] ?? null, declinedSchema)?.number === number,
      );
      return held.length > 0 ? redis.hdel(key, ...held) : 0;
    },

    async find(repository: string, fingerprint: string): Promise<DeclinedChange | null> {
      const key = keys.declinedChanges(repository);
      return parseRecord(key, await redis.hget(key, fingerprint), declinedSchema);
    },
  };
}

export type DeclinedChangeStore = ReturnType<typeof declinedChangeStore>;
