import { z } from 'zod';
import type { SealedSecret } from '../vault/vault.js';
import { MAX_EVENTS_PER_ACCOUNT, type AuditActor, type AuditDetails, type AuditStore } from './audit-store.js';
import { parseRecord, type StoreContext } from './store-context.js';

const sealedSchema = z.object({ kid: z.string(), nonce: z.string(), ciphertext: z.string() });
const keyCheckSchema = z.object({ v: z.literal(1), sealed: sealedSchema });

const patRecordSchema = z.object({
  v: z.literal(1),
  accountId: z.string(),
  name: z.string(),
  kind: z.enum(['classic', 'fine-grained']),
  login: z.string(),
  githubId: z.number().int(),
  email: z.string(),
  last4: z.string(),
  expiresAt: z.string().nullable(),
  /** Classic tokens only: X-OAuth-Scopes when saved. */
  scopes: z.array(z.string()).nullable(),
  createdAt: z.string(),
  sealed: sealedSchema,
});
export type PatRecord = Omit<z.output<typeof patRecordSchema>, 'v'>;

/** The ciphertext's binding (vault associated data): the account and this record name. */
export const PAT_RECORD_NAME = 'github-pat';

/**
 * The revocation signal for workers, two ways (both written by the same Lua script as the change):
 * - `credential-generation`, a per-account counter bumped on every save and removal. A worker reads it
 *   with the PAT and checks it again right before every request it sends (see pat-client.ts);
 *   a different value means the PAT it holds was removed or replaced, so it stops.
 * - a message on the `credential-events` pub/sub channel, `{"accountId","generation","event"}`, so a
 *   worker can cancel queued or running jobs at once instead of at its next request.
 */
export interface CredentialEvent {
  accountId: string;
  generation: number;
  event: 'saved' | 'removed';
}

const COMPARE_AND_SET = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2]) return 1 end return 0`;

// KEYS: record, owners set, generation counter, audit stream. ARGV: record JSON ('' to remove), account id,
// channel, stream MAXLEN, then the audit entry's fields. One script, so the change, the generation bump,
// the audit event and the notification cannot come apart.
const CHANGE_PAT = `
local removing = ARGV[1] == ''
if removing then
  if redis.call('exists', KEYS[1]) == 0 then return -1 end
  redis.call('del', KEYS[1])
  redis.call('srem', KEYS[2], ARGV[2])
else
  redis.call('set', KEYS[1], ARGV[1])
  redis.call('sadd', KEYS[2], ARGV[2])
end
local generation = redis.call('incr', KEYS[3])
redis.call('xadd', KEYS[4], 'MAXLEN', '~', ARGV[4], '*', unpack(ARGV, 5))
redis.call('publish', ARGV[3], cjson.encode({accountId = ARGV[2], generation = generation, event = removing and 'removed' or 'saved'}))
return generation
`;

export function credentialStore(ctx: StoreContext, audit: AuditStore) {
  const { redis, keys } = ctx;
  const generationOf = (raw: string | null | undefined) => (raw ? Number(raw) : 0);
  const change = async (accountId: string, recordJson: string, fields: string[]): Promise<number> =>
    Number(
      await redis.eval(
        CHANGE_PAT,
        4,
        keys.githubPat(accountId),
        keys.githubPatOwners,
        keys.credentialGeneration(accountId),
        keys.audit(accountId),
        recordJson,
        accountId,
        keys.credentialEvents,
        String(MAX_EVENTS_PER_ACCOUNT),
        ...fields,
      ),
    );

  return {
    /** Saves or replaces the account's PAT atomically; resolves to the new credential generation. */
    async put(record: PatRecord, actor: AuditActor, details: AuditDetails): Promise<number> {
      return change(record.accountId, JSON.stringify({ v: 1, ...record }), audit.fields('pat.saved', actor, details));
    },

    async get(accountId: string): Promise<PatRecord | null> {
      return strip(parseRecord(keys.githubPat(accountId), await redis.get(keys.githubPat(accountId)), patRecordSchema));
    },

    /** The record and the generation read together, so a check against the generation later is meaningful. */
    async getWithGeneration(accountId: string): Promise<{ record: PatRecord; generation: number } | null> {
      const results = await redis
        .multi()
        .get(keys.githubPat(accountId))
        .get(keys.credentialGeneration(accountId))
        .exec();
      const record = strip(
        parseRecord(keys.githubPat(accountId), (results?.[0]?.[1] as string | null) ?? null, patRecordSchema),
      );
      return record ? { record, generation: generationOf(results?.[1]?.[1] as string | null) } : null;
    },

    async generation(accountId: string): Promise<number> {
      return generationOf(await redis.get(keys.credentialGeneration(accountId)));
    },

    /** Deletes the ciphertext; false when there was none (then nothing else changes either). */
    async remove(accountId: string, actor: AuditActor, details: AuditDetails): Promise<boolean> {
      return (await change(accountId, '', audit.fields('pat.removed', actor, details))) !== -1;
    },

    /** Replaces the sealed secret only if the record is unchanged since `raw` was read (key rotation). */
    async replaceSealed(accountId: string, raw: string, sealed: SealedSecret): Promise<boolean> {
      const current = parseRecord(keys.githubPat(accountId), raw, patRecordSchema);
      if (!current) return false;
      const next = JSON.stringify({ ...current, sealed });
      return (await redis.eval(COMPARE_AND_SET, 1, keys.githubPat(accountId), raw, next)) === 1;
    },

    /** The stored JSON with its parsed record, for compare-and-set updates. */
    async raw(accountId: string): Promise<{ raw: string; record: PatRecord } | null> {
      const raw = await redis.get(keys.githubPat(accountId));
      const record = strip(parseRecord(keys.githubPat(accountId), raw, patRecordSchema));
      return raw !== null && record ? { raw, record } : null;
    },

    async *owners(): AsyncGenerator<string> {
      let cursor = '0';
      do {
        const [next, ids] = await redis.sscan(keys.githubPatOwners, cursor, 'COUNT', 200);
        cursor = next;
        yield* ids;
      } while (cursor !== '0');
    },

    async getKeyCheck(kid: string): Promise<SealedSecret | null> {
      const record = parseRecord(keys.vaultKeyCheck(kid), await redis.get(keys.vaultKeyCheck(kid)), keyCheckSchema);
      return record ? record.sealed : null;
    },

    async putKeyCheckIfAbsent(sealed: SealedSecret): Promise<void> {
      await redis.set(keys.vaultKeyCheck(sealed.kid), JSON.stringify({ v: 1, sealed }), 'NX');
    },

    async recordUse(accountId: string, actor: AuditActor, details: AuditDetails): Promise<void> {
      await audit.record(accountId, 'pat.used', actor, details);
    },
  };
}

function strip(record: (PatRecord & { v: 1 }) | null): PatRecord | null {
  if (!record) return null;
  const { v: _v, ...rest } = record;
  return rest;
}

export type CredentialStore = ReturnType<typeof credentialStore>;
