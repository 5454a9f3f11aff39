import type { Redis } from 'ioredis';

export interface DurabilityReport {
  ok: boolean;
  /** One sentence per problem, naming the setting and the value it needs. */
  problems: string[];
}

function infoField(info: string, name: string): string | undefined {
  const line = info.split(/\r?\n/).find((l) => l.startsWith(`${name}:`));
  return line?.slice(name.length + 1).trim();
}

/**
 * Redis holds the only copy of accounts, credentials and queues, so it must neither evict keys nor
 * lose them on restart. INFO is read first because managed Redis services often disable CONFIG.
 */
export async function checkRedisDurability(redis: Redis): Promise<DurabilityReport> {
  const problems: string[] = [];
  const memory = await redis.info('memory');
  const persistence = await redis.info('persistence');
  const policy = infoField(memory, 'maxmemory_policy');
  if (policy !== undefined && policy !== 'noeviction') {
    problems.push(
      `maxmemory-policy is ${policy}; it must be noeviction, or Redis may silently drop accounts, credentials and jobs when memory runs short`,
    );
  }
  const aof = infoField(persistence, 'aof_enabled') === '1';
  if (!aof) {
    let save: string | undefined;
    try {
      const reply = await redis.config('GET', 'save');
      save = reply[1];
    } catch {
      save = undefined;
    }
    if (save === undefined)
      problems.push(
        'persistence cannot be verified: appendonly is off and CONFIG GET save is not allowed; turn on appendonly yes',
      );
    else if (save.trim() === '')
      problems.push(
        'persistence is off (appendonly no and no RDB save points); set appendonly yes, or at least RDB save points',
      );
  }
  return { ok: problems.length === 0, problems };
}
