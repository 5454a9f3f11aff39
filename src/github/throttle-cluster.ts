import type Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { RedisFailure } from '../errors.js';
import type { GitHubLogger } from './octokit-factory.js';

/**
 * plugin-throttling's write, search and notifications queues, shared through Redis by every process that holds one:
 * a credential's writes are spaced a second apart across all workers, as GitHub asks, not a second apart per worker.
 *
 * Each request reserves the next free start time of its credential's queue in one Lua step and waits for it. Nothing
 * is registered and nothing is held: a Redis that restarts, loses its scripts or pauses costs the waits in flight, and
 * the next reservation works again; a SIGKILLed worker wastes at most the slots it had reserved. (Bottleneck's
 * clustering, used before, kept per-process registrations that a Redis restart erased and never re-made on Redis 7.)
 */
export interface ThrottleCluster {
  /** Given to plugin-throttling in place of its own groups of these names (see createOctokit). */
  readonly groups: { write: Bottleneck.Group; search: Bottleneck.Group; notifications: Bottleneck.Group };
  /** Takes a reservation on a queue of its own: rejects with a RedisFailure when the pacing cannot work (health checks). */
  check(): Promise<void>;
  /** Stops the pacing: later requests through these groups fail. The Redis connection is the caller's. */
  close(): Promise<void>;
}

export interface ThrottleClusterOptions {
  /** Used as it is: the pacing needs no connection of its own (no subscriptions, no blocking commands). */
  redis: Redis;
  /** Where its Redis keys live, e.g. `rampart:throttle:`. */
  prefix: string;
  log?: GitHubLogger;
  sleep?: (ms: number) => Promise<void>;
}

// plugin-throttling's own spacing for these groups (dist-src/index.js); each allows one request at a time, and its
// jobs there are no-ops that only wait for their turn, so spacing the start times is all these queues do. Its
// `global` (10 requests at once) and `auth` groups stay per process.
export const PACING_MS = { write: 1000, search: 2000, notifications: 3000 } as const;
type GroupName = keyof typeof PACING_MS;

// KEYS[1]: the queue's next free start (ms, Redis clock). ARGV[1]: spacing ms. Returns how long to wait for the
// reserved start. Redis's clock, not the workers', so processes on different hosts agree.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local start = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local free = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], free, 'PX', free - now + 1000)
return start - now
`;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What plugin-throttling calls on a group: `group.key(id).schedule(options?, fn, ...args)`. */
interface PacedGroup {
  key(id: string): { schedule(...args: unknown[]): Promise<unknown> };
}

export function throttleCluster(options: ThrottleClusterOptions): ThrottleCluster {
  const { prefix, log, redis } = options;
  if (!/^\S+$/.test(prefix))
    throw new TypeError(`throttleCluster: the key prefix must be non-empty without spaces, got "${prefix}"`);
  const sleep = options.sleep ?? defaultSleep;
  let closed = false;

  const reserve = async (key: string, spacingMs: number): Promise<number> => {
    if (closed) throw new RedisFailure('pacing GitHub requests', new Error('the throttle cluster was closed'));
    try {
      return Number(await redis.eval(RESERVE, 1, key, spacingMs));
    } catch (err) {
      log?.warn(`GitHub pacing: Redis failed: ${(err as Error).message}`);
      throw new RedisFailure('pacing GitHub requests', err);
    }
  };

  const group = (name: GroupName): PacedGroup => ({
    key: (id) => ({
      async schedule(...args: unknown[]) {
        // Bottleneck's forms: schedule(fn, ...args) and schedule(jobOptions, fn, ...args).
        const [fn, ...rest] = (typeof args[0] === 'function' ? args : args.slice(1)) as [
          (...a: unknown[]) => unknown,
          ...unknown[],
        ];
        const wait = await reserve(`${prefix}${name}:${id}`, PACING_MS[name]);
        if (wait > 0) await sleep(wait);
        return fn(...rest);
      },
    }),
  });
  // plugin-throttling types its groups as Bottleneck's; it calls only key().schedule() on them (wrap-request.js).
  const asGroup = (g: PacedGroup) => g as unknown as Bottleneck.Group;
  return {
    groups: {
      write: asGroup(group('write')),
      search: asGroup(group('search')),
      notifications: asGroup(group('notifications')),
    },
    check: async () => void (await reserve(`${prefix}health`, 0)),
    close: async () => void (closed = true),
  };
}
