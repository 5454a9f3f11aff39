import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import type { GitHubLogger } from './octokit-factory.js';

/**
 * plugin-throttling's write, search and notifications queues, shared through Redis by every process that holds one:
 * a credential's writes are spaced a second apart across all workers, as GitHub asks, not a second apart per worker.
 */
export interface ThrottleCluster {
  /** Given to plugin-throttling in place of its own groups of these names (see createOctokit). */
  readonly groups: { write: Bottleneck.Group; search: Bottleneck.Group; notifications: Bottleneck.Group };
  /** Closes the cluster's own Redis connections; call it once the clients using it are done. */
  close(): Promise<void>;
}

export interface ThrottleClusterOptions {
  /** Duplicated, not used: the cluster needs connections of its own (one subscribes), and close() ends them. */
  redis: Redis;
  /** Where its Redis keys live, e.g. `rampart:throttle:`. */
  prefix: string;
  log?: GitHubLogger;
}

// plugin-throttling's own settings for these groups (dist-src/index.js). Its `global` (10 requests at once) and `auth`
// groups stay per process: their jobs are the requests themselves, so a SIGKILLed worker's slots could only be freed
// by an expiry longer than the slowest request, and GitHub's concurrency limit (100) is far above 10 per worker.
const GROUPS = {
  write: { maxConcurrent: 1, minTime: 1000 },
  search: { maxConcurrent: 1, minTime: 2000 },
  notifications: { maxConcurrent: 1, minTime: 3000 },
} as const;

// The plugin's jobs in these groups are no-ops that only wait for their turn, holding the slot for at most minTime.
// Only a job's expiry frees a slot whose process died (Bottleneck's process_tick.lua; clientTimeout drops only clients
// with nothing running), so this bounds how long a SIGKILLed worker blocks a credential: expiry + one heartbeat. It
// outlasts the longest wait (3 s) with room for a busy event loop: a live job still waiting when it expires fails.
const JOB_EXPIRATION_MS = 5_000;
// A live process's heartbeat notices expired slots and tells every process waiting on them.
const HEARTBEAT_MS = 1_000;
// Silent this long, a process is no longer offered freed capacity first (it would cost the others a 1 s hand-over).
const CLIENT_TIMEOUT_MS = 5_000;
// Idle queues' keys expire from Redis, as the plugin's own (its `timeout`).
const KEY_TTL_MS = 120_000;

export function throttleCluster(options: ThrottleClusterOptions): ThrottleCluster {
  const { prefix, log } = options;
  if (!/^\S+$/.test(prefix)) throw new TypeError(`throttleCluster: the key prefix must be non-empty without spaces, got "${prefix}"`);
  // Bottleneck names its keys `b_<id>…` and publishes on channel `b_<id>`: keyPrefix puts the keys under ours, and
  // the prefix in the ids keeps other deployments on the same Redis off our channels (channels take no keyPrefix).
  const client = options.redis.duplicate({ keyPrefix: prefix, lazyConnect: false });
  const connection = new Bottleneck.IORedisConnection({ client, Redis });
  connection.on('error', (err: Error) => log?.warn(`GitHub throttling: Redis error: ${err.message}`));
  const group = (name: keyof typeof GROUPS): Bottleneck.Group => {
    const settings: Bottleneck.ConstructorOptions & { heartbeatInterval: number; clientTimeout: number } = {
      ...GROUPS[name],
      id: `${prefix}octokit-${name}`,
      connection,
      timeout: KEY_TTL_MS,
      heartbeatInterval: HEARTBEAT_MS,
      clientTimeout: CLIENT_TIMEOUT_MS,
    };
    const g = new Bottleneck.Group(settings);
    g.on('created', (limiter) => {
      // Bottleneck takes no default expiry as an option, and the plugin sets none (it would, 60 s, with its own
      // clustering); 'created' runs before key() returns the limiter, so no job is scheduled without it.
      const withDefaults = limiter as unknown as { jobDefaults: Record<string, unknown> };
      withDefaults.jobDefaults = { ...withDefaults.jobDefaults, expiration: JOB_EXPIRATION_MS };
      limiter.on('error', (err: Error) => log?.warn(`GitHub throttling (${name}): ${err.message}`));
    });
    return g;
  };
  const groups = { write: group('write'), search: group('search'), notifications: group('notifications') };
  // Once: closing ioredis connections that are already closed leaves a timer behind.
  let closed: Promise<void> | undefined;
  return {
    groups,
    close: () => (closed ??= connection.disconnect(true).catch(() => connection.disconnect(false))),
  };
}
