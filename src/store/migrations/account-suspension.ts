import { accountJson, accountV1Schema, upgradeAccountV1 } from '../account-store.js';
import type { StoreContext } from '../store-context.js';
import type { Migration } from './migrations.js';

const COMPARE_AND_SET = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2]) return 1 end return 0`;
const INDEX_SESSION = `
redis.call('sadd', KEYS[2], ARGV[1])
local ttl = redis.call('pttl', KEYS[1])
if ttl > redis.call('pttl', KEYS[2]) then redis.call('pexpire', KEYS[2], ttl) end
return 1
`;

/**
 * Schema version 2: accounts gain a status (active or suspended, with why) and the result of their last organization
 * membership check; every live session is indexed under its account, so suspending or deleting the account ends it.
 */
export const accountSuspension: Migration = {
  version: 2,
  description: 'accounts get a status and a membership check; sessions are indexed by account',
  async run(ctx: StoreContext): Promise<string> {
    const { redis, keys } = ctx;
    let accounts = 0;
    let cursor = '0';
    do {
      const [next, ids] = await redis.sscan(keys.accounts, cursor, 'COUNT', 200);
      cursor = next;
      for (const id of ids) {
        const raw = await redis.get(keys.account(id));
        const v1 = raw === null ? null : accountV1Schema.safeParse(safeJson(raw));
        if (raw === null || !v1?.success) continue;
        const { v: _v, ...account } = upgradeAccountV1(v1.data);
        if ((await redis.eval(COMPARE_AND_SET, 1, keys.account(id), raw, accountJson(account))) === 1) accounts++;
      }
    } while (cursor !== '0');

    let sessions = 0;
    cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', keys.session('*'), 'COUNT', 500);
      cursor = next;
      for (const key of found) {
        const record = safeJson(await redis.get(key)) as { accountId?: unknown } | null;
        if (typeof record?.accountId !== 'string') continue;
        await redis.eval(
          INDEX_SESSION,
          2,
          key,
          keys.accountSessions(record.accountId),
          key.slice(keys.session('').length),
        );
        sessions++;
      }
    } while (cursor !== '0');
    return `${accounts} account record(s) rewritten, ${sessions} session(s) indexed`;
  },
};

function safeJson(text: string | null): unknown {
  try {
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}
