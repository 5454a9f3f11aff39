import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * Where the per-account bookkeeping lives: beside the queue's own keys, and the prefix of its job hashes, which the
 * scripts read to forget entries whose job ended or was removed (a cancelled run, a crash between two steps).
 */
export interface FairnessKeys {
  base: string;
  jobPrefix: string;
}

export function fairnessKeys(queue: Pick<Queue, 'toKey'>): FairnessKeys {
  return { base: `${queue.toKey('fair')}:`, jobPrefix: queue.toKey('') };
}

// A job counts while its hash exists and has not finished.
const LIVE = `
local function live(prefix, id)
  return redis.call('exists', prefix .. id) == 1 and redis.call('hexists', prefix .. id, 'finishedOn') == 0
end
`;

// KEYS: pending zset, ready zset (both of the account), ready-accounts set. ARGV: now, max, job prefix, account, ids…
// Returns {1, pending} when the ids were added, {0, pending} when they would pass the limit.
const ADMIT = `${LIVE}
local fresh = {}
for i = 5, #ARGV do
  if not redis.call('zscore', KEYS[1], ARGV[i]) then fresh[#fresh + 1] = ARGV[i] end
end
local n = redis.call('zcard', KEYS[1])
if n + #fresh > tonumber(ARGV[2]) then
  for _, id in ipairs(redis.call('zrange', KEYS[1], 0, -1)) do
    if not live(ARGV[3], id) then
      redis.call('zrem', KEYS[1], id)
      redis.call('zrem', KEYS[2], id)
    end
  end
  n = redis.call('zcard', KEYS[1])
  if n + #fresh > tonumber(ARGV[2]) then return {0, n} end
end
for _, id in ipairs(fresh) do
  redis.call('zadd', KEYS[1], ARGV[1], id)
  redis.call('zadd', KEYS[2], ARGV[1], id)
end
if #fresh > 0 then redis.call('sadd', KEYS[3], ARGV[4]) end
return {1, n + #fresh}
`;

// KEYS: running zset (member account|job, score lease end), workers zset (member worker|slots, score heartbeat end),
// ready-accounts set. ARGV: now, account, job id, lease ms, share %, job prefix, ready key prefix.
// Takes a running slot (1) unless the account already holds its share while another account's job waits (0).
const START = `${LIVE}
local now = tonumber(ARGV[1])
local account, job = ARGV[2], ARGV[3]
local member = account .. '|' .. job
redis.call('zremrangebyscore', KEYS[1], '-inf', now)
redis.call('zremrangebyscore', KEYS[2], '-inf', now)
local total = 0
for _, w in ipairs(redis.call('zrange', KEYS[2], 0, -1)) do total = total + (tonumber(string.match(w, '|(%d+)$')) or 0) end
local limit = math.max(1, math.floor(math.max(total, 1) * tonumber(ARGV[5]) / 100))
local head = account .. '|'
local mine = 0
for _, m in ipairs(redis.call('zrange', KEYS[1], 0, -1)) do
  if m ~= member and string.sub(m, 1, #head) == head then mine = mine + 1 end
end
local myReady = ARGV[7] .. account
if mine >= limit then
  for _, other in ipairs(redis.call('smembers', KEYS[3])) do
    if other ~= account then
      local key = ARGV[7] .. other
      for _ = 1, 100000 do
        local first = redis.call('zrange', key, 0, 0)
        if #first == 0 then break end
        if live(ARGV[6], first[1]) then
          redis.call('zadd', myReady, now, job)
          redis.call('sadd', KEYS[3], account)
          return 0
        end
        redis.call('zrem', key, first[1])
      end
      if redis.call('zcard', key) == 0 then redis.call('srem', KEYS[3], other) end
    end
  end
end
redis.call('zrem', myReady, job)
if redis.call('zcard', myReady) == 0 then redis.call('srem', KEYS[3], account) end
redis.call('zadd', KEYS[1], now + tonumber(ARGV[4]), member)
return 1
`;

const keysOf = (k: FairnessKeys) => ({
  pending: (account: string) => `${k.base}pending:${account}`,
  readyPrefix: `${k.base}ready:`,
  ready: (account: string) => `${k.base}ready:${account}`,
  readyAccounts: `${k.base}ready-accounts`,
  running: `${k.base}running`,
  workers: `${k.base}workers`,
});

/**
 * Counts the jobs in `jobIds` as waiting for the account, unless that would pass `max` (jobs already counted are not
 * counted twice). Atomic, so parallel requests cannot together pass the limit.
 */
export async function admitJobs(
  redis: Redis,
  k: FairnessKeys,
  accountId: string,
  jobIds: readonly string[],
  max: number,
  now = Date.now(),
): Promise<{ admitted: boolean; waiting: number }> {
  const keys = keysOf(k);
  const [ok, waiting] = (await redis.eval(
    ADMIT,
    3,
    keys.pending(accountId),
    keys.ready(accountId),
    keys.readyAccounts,
    now,
    max,
    k.jobPrefix,
    accountId,
    ...jobIds,
  )) as [number, number];
  return { admitted: ok === 1, waiting };
}

/** The job ended (or will never run): it no longer counts for its account. */
export async function forgetJob(redis: Redis, k: FairnessKeys, accountId: string, jobId: string): Promise<void> {
  const keys = keysOf(k);
  await redis.multi().zrem(keys.pending(accountId), jobId).zrem(keys.ready(accountId), jobId).exec();
}

export interface AccountSlotOptions {
  workerId: string;
  /** This worker's slots; the running slots of all workers are the sum over those alive. */
  concurrency: number;
  /** Percent of all running slots one account may hold while another account's job waits. */
  sharePercent: number;
  /** A running job's claim lasts this long unless renewed, so a killed worker's claims free themselves. */
  leaseMs: number;
  now?: () => number;
}

/** Running slots per account, shared by every worker through Redis, with leases that expire on their own. */
export function accountSlots(redis: Redis, k: FairnessKeys, o: AccountSlotOptions) {
  const keys = keysOf(k);
  const now = o.now ?? Date.now;
  const member = (account: string, job: string) => `${account}|${job}`;
  return {
    /** Says this worker and its slots are alive; call at least every leaseMs / 3. */
    async heartbeat(): Promise<void> {
      await redis.zadd(keys.workers, now() + o.leaseMs, `${o.workerId}|${o.concurrency}`);
    },
    async leave(): Promise<void> {
      await redis.zrem(keys.workers, `${o.workerId}|${o.concurrency}`);
    },
    /** True when the job may run now (its slot is then held until release or lease end). */
    async start(accountId: string, jobId: string): Promise<boolean> {
      const got = await redis.eval(
        START,
        3,
        keys.running,
        keys.workers,
        keys.readyAccounts,
        now(),
        accountId,
        jobId,
        o.leaseMs,
        o.sharePercent,
        k.jobPrefix,
        keys.readyPrefix,
      );
      return Number(got) === 1;
    },
    async renew(accountId: string, jobId: string): Promise<void> {
      await redis.zadd(keys.running, now() + o.leaseMs, member(accountId, jobId));
    },
    async release(accountId: string, jobId: string): Promise<void> {
      await redis.zrem(keys.running, member(accountId, jobId));
    },
    /** Jobs running per account, for tests and metrics. */
    async running(): Promise<Map<string, number>> {
      await redis.zremrangebyscore(keys.running, '-inf', String(now()));
      const counts = new Map<string, number>();
      for (const m of await redis.zrange(keys.running, '0', '-1')) {
        const account = m.slice(0, m.indexOf('|'));
        counts.set(account, (counts.get(account) ?? 0) + 1);
      }
      return counts;
    },
  };
}

export type AccountSlots = ReturnType<typeof accountSlots>;
