import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Waits until a content-creating request may be sent for a credential. */
export interface ContentCreationLimiter {
  acquire(credentialKey: string): Promise<void>;
  /** Takes a slot now and answers 0, or takes none and answers the ms until one frees. */
  tryAcquire?(credentialKey: string): Promise<number>;
  /** The ms until `count` slots would be free at once (0: now), taking none. */
  waitFor?(credentialKey: string, count: number): Promise<number>;
}

export interface ContentCreationLimits {
  redis: Redis;
  /** Key prefix, e.g. `rampart:content-limit:`. */
  prefix: string;
  /** GitHub's documented secondary limits (docs/github-behaviour.md#rate-limits): 80 per minute, 500 per hour. */
  perMinute?: number;
  perHour?: number;
  /** Window lengths; a benchmark scales them down together with the emulator's. */
  minuteMs?: number;
  hourMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

// Sliding windows, both checked and taken in one step. KEYS: minute zset, hour zset. ARGV: now, member,
// minute limit, minute ms, hour limit, hour ms. Returns 0 when taken, else the ms to wait.
const TAKE = `
local now = tonumber(ARGV[1])
local function wait(key, limit, window)
  redis.call('zremrangebyscore', key, '-inf', now - window)
  if redis.call('zcard', key) < limit then return 0 end
  local oldest = redis.call('zrange', key, 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now + 1
end
local w1 = wait(KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4]))
local w2 = wait(KEYS[2], tonumber(ARGV[5]), tonumber(ARGV[6]))
if w1 > 0 or w2 > 0 then return math.max(w1, w2) end
redis.call('zadd', KEYS[1], now, ARGV[2])
redis.call('zadd', KEYS[2], now, ARGV[2])
redis.call('pexpire', KEYS[1], ARGV[4])
redis.call('pexpire', KEYS[2], ARGV[6])
return 0
`;

// The same windows, read only. KEYS as above. ARGV: now, count, minute limit, minute ms, hour limit, hour ms.
const PEEK = `
local now = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local function wait(key, limit, window)
  redis.call('zremrangebyscore', key, '-inf', now - window)
  local over = redis.call('zcard', key) + count - limit
  if over <= 0 then return 0 end
  local nth = redis.call('zrange', key, over - 1, over - 1, 'WITHSCORES')
  if not nth[2] then return window end
  return tonumber(nth[2]) + window - now + 1
end
return math.max(wait(KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4])), wait(KEYS[2], tonumber(ARGV[5]), tonumber(ARGV[6])))
`;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * GitHub's secondary limits on content creation, kept before the request rather than learnt from a 403: sliding
 * windows per credential in Redis, so every worker process draws from one budget and none is refused.
 */
export function contentCreationLimiter(limits: ContentCreationLimits): ContentCreationLimiter {
  const { redis, prefix } = limits;
  const sleep = limits.sleep ?? defaultSleep;
  const now = limits.now ?? Date.now;
  const perMinute = limits.perMinute ?? 80;
  const perHour = limits.perHour ?? 500;
  // A little longer than GitHub's windows: a slot is taken a moment before the request arrives there.
  const margin = (ms: number) => ms + Math.ceil(ms / 100) + 5;
  const minuteMs = margin(limits.minuteMs ?? 60_000);
  const hourMs = margin(limits.hourMs ?? 3_600_000);
  const tryAcquire = async (key: string): Promise<number> => {
    const member = `${now()}-${randomBytes(6).toString('hex')}`;
    return Number(
      await redis.eval(
        TAKE,
        2,
        `${prefix}${key}:minute`,
        `${prefix}${key}:hour`,
        now(),
        member,
        perMinute,
        minuteMs,
        perHour,
        hourMs,
      ),
    );
  };
  return {
    async acquire(key) {
      for (;;) {
        const wait = await tryAcquire(key);
        if (wait <= 0) return;
        await sleep(wait);
      }
    },
    tryAcquire,
    async waitFor(key, count) {
      // More than a window holds can never be free at once; asking for all of it is the closest answer.
      const n = Math.max(1, Math.min(count, perMinute, perHour));
      return Number(
        await redis.eval(
          PEEK,
          2,
          `${prefix}${key}:minute`,
          `${prefix}${key}:hour`,
          now(),
          n,
          perMinute,
          minuteMs,
          perHour,
          hourMs,
        ),
      );
    },
  };
}
