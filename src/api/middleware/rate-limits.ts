import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../errors.js';
import type { RedisKeys } from '../../store/keys.js';

export interface RateLimits {
  /** Every request, by client address, before authentication. */
  ip(address: string): Promise<void>;
  /** Every authenticated request, by account: all of a user's tokens and sessions share it. */
  user(accountId: string): Promise<void>;
}

/** Counters live in Redis so every API process enforces the same limits. */
export function createRateLimits(redis: Redis, keys: RedisKeys, perMinute: { ip: number; user: number }): RateLimits {
  const make = (kind: string, points: number) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix: keys.rateLimit(kind), points, duration: 60 });
  const byIp = make('ip', perMinute.ip);
  const byUser = make('user', perMinute.user);
  const consume = async (limiter: RateLimiterRedis, key: string, what: string) => {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new AppError(429, 'rate_limited', `Too many requests ${what}; try again in ${seconds} seconds.`, {
        'retry-after': String(seconds),
      });
    }
  };
  return {
    ip: (address) => consume(byIp, address, 'from this address'),
    user: (accountId) =>
      consume(byUser, accountId, 'for this account (all of its tokens and sessions share one limit)'),
  };
}
