import { z } from 'zod';
import { MAX_EVENTS_PER_ACCOUNT, type AuditActor, type AuditDetails, type AuditStore } from './audit-store.js';
import { randomId } from './random-id.js';
import { iso, parseRecord, type StoreContext } from './store-context.js';

/** What started a policy's run; recorded on the run as `trigger`. */
export const POLICY_TRIGGERS = ['schedule', 'push', 'new-repository', 'manual'] as const;
export type PolicyTrigger = (typeof POLICY_TRIGGERS)[number];

export const POLICY_SCHEDULES = ['daily', 'weekly'] as const;
export type PolicySchedule = (typeof POLICY_SCHEDULES)[number];

/** The triggers a policy turns on, as the index names them (`manual` needs no index: anyone may run their policy). */
export type IndexedTrigger = 'schedule' | 'push' | 'new_repositories';

/** Why a policy is paused: its owner paused it, or the PAT its runs need was removed. */
export const PAUSE_REASONS = ['user', 'pat_removed'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** How many policies one account may keep. */
export const MAX_POLICIES_PER_ACCOUNT = 50;

const policyRecordSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  repositories: z.union([z.array(z.string()), z.literal('all')]),
  /** Overrides of the owner's saved Orchestrate Options, only the keys given (validated by the API on the way in). */
  options: z.record(z.string(), z.unknown()),
  triggers: z.object({
    schedule: z.enum(POLICY_SCHEDULES).nullable(),
    push: z.boolean(),
    new_repositories: z.boolean(),
  }),
  paused: z.object({ reason: z.enum(PAUSE_REASONS), message: z.string(), at: z.string() }).nullable(),
  lastRun: z
    .object({
      runId: z.string().nullable(),
      trigger: z.enum(POLICY_TRIGGERS),
      at: z.string(),
      repository: z.string().nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PolicyRecord = Omit<z.output<typeof policyRecordSchema>, 'v'>;
export type PolicyInput = Pick<PolicyRecord, 'name' | 'repositories' | 'options' | 'triggers'>;
export type PolicyLastRun = NonNullable<PolicyRecord['lastRun']>;

const INDEXED: ReadonlyArray<[IndexedTrigger, (r: PolicyRecord) => boolean]> = [
  ['schedule', (r) => r.triggers.schedule !== null],
  ['push', (r) => r.triggers.push],
  ['new_repositories', (r) => r.triggers.new_repositories],
];

// KEYS: the policy, the schedule/push/new_repositories trigger sets, the account's audit stream.
// ARGV: the record as read, the new record, the policy id, '1'/'0' per trigger set, the audit stream's length, audit fields…
// Writes only if nobody changed the record since it was read (a shared connection cannot WATCH safely).
const COMPARE_AND_SET = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('set', KEYS[1], ARGV[2])
for i = 1, 3 do
  if ARGV[3 + i] == '1' then redis.call('sadd', KEYS[1 + i], ARGV[3]) else redis.call('srem', KEYS[1 + i], ARGV[3]) end
end
if #ARGV > 7 then redis.call('xadd', KEYS[5], 'MAXLEN', '~', ARGV[7], '*', unpack(ARGV, 8)) end
return 1
`;

/**
 * Policies: saved orchestrations that run again on a schedule, on a push, or for new repositories. One JSON record
 * per policy, a set per account and a set per trigger, changed together; a change that races another (a PAT removal
 * pausing the policy while its owner edits it) is retried on the fresh record.
 */
export function policyStore(ctx: StoreContext, audit: AuditStore) {
  const { redis, keys, clock } = ctx;
  const now = () => iso(clock.now());

  const parse = (id: string, raw: string | null): PolicyRecord | null => {
    const parsed = parseRecord(keys.policy(id), raw, policyRecordSchema);
    if (!parsed) return null;
    const { v: _v, ...record } = parsed;
    return record;
  };
  const read = async (id: string): Promise<PolicyRecord | null> => parse(id, await redis.get(keys.policy(id)));
  const queueIndexes = (multi: ReturnType<typeof redis.multi>, record: PolicyRecord) => {
    for (const [trigger, on] of INDEXED) {
      if (on(record)) multi.sadd(keys.policiesWithTrigger(trigger), record.id);
      else multi.srem(keys.policiesWithTrigger(trigger), record.id);
    }
  };
  const readMany = async (ids: string[]): Promise<PolicyRecord[]> =>
    (await Promise.all(ids.map(read))).filter((r): r is PolicyRecord => r !== null);

  return {
    /** A new policy; null when the account already has as many as it may. */
    async create(accountId: string, input: PolicyInput, actor: AuditActor): Promise<PolicyRecord | null> {
      if ((await redis.scard(keys.accountPolicies(accountId))) >= MAX_POLICIES_PER_ACCOUNT) return null;
      const at = now();
      const record: PolicyRecord = {
        id: randomId('pol_'),
        accountId,
        ...input,
        paused: null,
        lastRun: null,
        createdAt: at,
        updatedAt: at,
      };
      const multi = redis
        .multi()
        .set(keys.policy(record.id), JSON.stringify({ v: 1, ...record }))
        .sadd(keys.accountPolicies(accountId), record.id);
      queueIndexes(multi, record);
      audit.append(multi, accountId, 'policy.created', actor, { policy: record.id, name: record.name });
      await multi.exec();
      return record;
    },

    get: read,

    /** The account's policies, oldest first. */
    async listForAccount(accountId: string): Promise<PolicyRecord[]> {
      const records = await readMany(await redis.smembers(keys.accountPolicies(accountId)));
      return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },

    /** Every policy with the trigger on (paused ones too: callers decide). */
    async withTrigger(trigger: IndexedTrigger): Promise<PolicyRecord[]> {
      return readMany(await redis.smembers(keys.policiesWithTrigger(trigger)));
    },

    /**
     * Changes a policy atomically: `change` gets the current record and returns the new one, or null to leave it.
     * The audit event, when given, is written in the same transaction. Resolves to the record as stored (null when
     * there is no such policy).
     */
    async update(
      id: string,
      change: (current: PolicyRecord) => PolicyRecord | null,
      event?: { type: 'policy.updated' | 'policy.paused'; actor: AuditActor; details?: AuditDetails },
    ): Promise<PolicyRecord | null> {
      for (let attempt = 0; attempt < 20; attempt++) {
        const raw = await redis.get(keys.policy(id));
        const current = parse(id, raw);
        const next = current ? change(current) : null;
        if (!current || !next || raw === null) return current;
        const record: PolicyRecord = {
          ...next,
          id: current.id,
          accountId: current.accountId,
          createdAt: current.createdAt,
          updatedAt: now(),
        };
        const flags = INDEXED.map(([, on]) => (on(record) ? '1' : '0'));
        const fields = event ? audit.fields(event.type, event.actor, { policy: id, ...event.details }) : [];
        const written = await redis.eval(
          COMPARE_AND_SET,
          5,
          keys.policy(id),
          ...INDEXED.map(([trigger]) => keys.policiesWithTrigger(trigger)),
          keys.audit(current.accountId),
          raw,
          JSON.stringify({ v: 1, ...record }),
          id,
          ...flags,
          String(MAX_EVENTS_PER_ACCOUNT),
          ...fields,
        );
        if (Number(written) === 1) return record;
      }
      throw new Error(`policy ${id} kept changing under this update`);
    },

    async remove(id: string, actor: AuditActor): Promise<boolean> {
      const record = await read(id);
      if (!record) return false;
      const multi = redis
        .multi()
        .del(keys.policy(id), keys.policyRuns(id))
        .srem(keys.accountPolicies(record.accountId), id);
      for (const [trigger] of INDEXED) multi.srem(keys.policiesWithTrigger(trigger), id);
      audit.append(multi, record.accountId, 'policy.deleted', actor, { policy: id, name: record.name });
      await multi.exec();
      return true;
    },
  };
}

export type PolicyStore = ReturnType<typeof policyStore>;
