import { z } from 'zod';
import { randomId } from './random-id.js';
import { stripUnsafeCharacters } from '../plain-text.js';
import { MAX_EVENTS_PER_ACCOUNT, type AuditActor, type AuditDetails, type AuditStore } from './audit-store.js';
import { iso, parseRecord, type StoreContext } from './store-context.js';

export const ACCOUNT_STATUSES = ['active', 'suspended'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Why an account is suspended: an operator did it (until an operator undoes it), or its organization membership ended (until a sign-in shows it again). */
export const SUSPENSION_REASONS = ['operator', 'membership'] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

const accountFields = {
  id: z.string(),
  githubLogin: z.string(),
  /** Null until the person signs in with GitHub (accounts made by `rampart admin create-user`). */
  githubId: z.number().int().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  createdAt: z.string(),
};

/** Version 2 (schema version 2 of the store, see migrations/): accounts can be suspended, and remember their last membership check. */
const accountV2Schema = z.object({
  v: z.literal(2),
  ...accountFields,
  status: z.enum(ACCOUNT_STATUSES),
  suspension: z.object({ reason: z.enum(SUSPENSION_REASONS), at: z.string(), message: z.string() }).nullable(),
  /** The allowed organizations GitHub last said the person belongs to, and when; null when never checked. */
  membership: z.object({ checkedAt: z.string(), orgs: z.array(z.string()) }).nullable(),
});

/** The record as Rampart 0.1 wrote it; read as an active account never checked, and rewritten by migration 2. */
export const accountV1Schema = z.object({ v: z.literal(1), ...accountFields });

const accountSchema = z.union([accountV2Schema, accountV1Schema.transform((a) => upgradeAccountV1(a))]);
export type Account = Omit<z.output<typeof accountV2Schema>, 'v'>;

export function upgradeAccountV1(record: z.output<typeof accountV1Schema>): z.output<typeof accountV2Schema> {
  return { ...record, v: 2, status: 'active', suspension: null, membership: null };
}

/** The stored JSON of an account. */
export function accountJson(account: Account): string {
  return JSON.stringify({ v: 2, ...account });
}

// Uniqueness of login and GitHub id must hold across concurrent sign-ins, hence one script.
const CREATE_ACCOUNT = `
if ARGV[4] ~= '1' and redis.call('exists', KEYS[2]) == 1 then return 'login-taken' end
if ARGV[3] ~= '' and redis.call('exists', KEYS[3]) == 1 then return 'github-id-taken' end
redis.call('set', KEYS[1], ARGV[1])
redis.call('set', KEYS[2], ARGV[2])
if ARGV[3] ~= '' then redis.call('set', KEYS[3], ARGV[2]) end
redis.call('sadd', KEYS[4], ARGV[2])
redis.call('xadd', KEYS[5], 'MAXLEN', '~', ARGV[5], '*', unpack(ARGV, 6))
return 'ok'
`;

/** Names and emails come from GitHub profiles and are shown in pages and logs: no controls or bidi overrides. */
function shown(text: string | null): string | null {
  if (text === null) return null;
  const clean = stripUnsafeCharacters(text).trim();
  return clean === '' ? null : clean;
}

export type CreateAccountResult =
  { ok: true; account: Account } | { ok: false; reason: 'login-taken' | 'github-id-taken' };

export function accountStore(ctx: StoreContext, audit: AuditStore) {
  const { redis, keys, clock } = ctx;
  const read = async (id: string): Promise<Account | null> => {
    const record = parseRecord(keys.account(id), await redis.get(keys.account(id)), accountSchema);
    if (!record) return null;
    const { v: _v, ...account } = record;
    return account;
  };
  const byIndex = async (indexKey: string): Promise<Account | null> => {
    const id = await redis.get(indexKey);
    return id ? read(id) : null;
  };

  return {
    get: read,
    findByGithubId: (githubId: number) => byIndex(keys.accountByGithubId(githubId)),
    findByLogin: (login: string) => byIndex(keys.accountByLogin(login)),

    /**
     * `takeOverLogin`: GitHub says this login now belongs to a new GitHub id (the old holder renamed),
     * so the login index moves to the new account.
     */
    async create(
      input: {
        githubLogin: string;
        githubId: number | null;
        email: string | null;
        name: string | null;
        membership?: Account['membership'];
      },
      actor: AuditActor,
      options: { takeOverLogin?: boolean } = {},
    ): Promise<CreateAccountResult> {
      const account: Account = {
        id: randomId('acc_'),
        ...input,
        name: shown(input.name),
        email: shown(input.email),
        createdAt: iso(clock.now()),
        status: 'active',
        suspension: null,
        membership: input.membership ?? null,
      };
      const result = await redis.eval(
        CREATE_ACCOUNT,
        5,
        keys.account(account.id),
        keys.accountByLogin(account.githubLogin),
        input.githubId === null ? keys.accountByGithubId(0) : keys.accountByGithubId(input.githubId),
        keys.accounts,
        keys.audit(account.id),
        accountJson(account),
        account.id,
        input.githubId === null ? '' : String(input.githubId),
        options.takeOverLogin ? '1' : '0',
        String(MAX_EVENTS_PER_ACCOUNT),
        ...audit.fields('account.created', actor, { github_login: account.githubLogin }),
      );
      if (result === 'ok') return { ok: true, account };
      return { ok: false, reason: result === 'github-id-taken' ? 'github-id-taken' : 'login-taken' };
    },

    /**
     * Records the GitHub identity seen at sign-in: links an admin-created account to its GitHub id,
     * and follows a login rename (the login index moves with it).
     */
    async updateGithubIdentity(
      account: Account,
      identity: { githubId: number; login: string; name: string | null },
    ): Promise<Account> {
      const updated: Account = {
        ...account,
        githubId: identity.githubId,
        githubLogin: identity.login,
        name: shown(identity.name) ?? account.name,
      };
      const multi = redis
        .multi()
        .set(keys.account(account.id), accountJson(updated))
        .set(keys.accountByGithubId(identity.githubId), account.id);
      if (account.githubLogin.toLowerCase() !== identity.login.toLowerCase()) {
        multi.del(keys.accountByLogin(account.githubLogin));
      }
      multi.set(keys.accountByLogin(identity.login), account.id);
      await multi.exec();
      return updated;
    },

    /** Suspends (or reinstates, with `suspension` null) and records why, in one MULTI with the audit event. */
    async setSuspension(
      account: Account,
      suspension: Account['suspension'],
      actor: AuditActor,
      details: AuditDetails = {},
    ): Promise<Account> {
      const updated: Account = { ...account, status: suspension ? 'suspended' : 'active', suspension };
      const multi = redis.multi().set(keys.account(account.id), accountJson(updated));
      audit.append(multi, account.id, suspension ? 'account.suspended' : 'account.reinstated', actor, {
        ...details,
        reason: suspension?.reason ?? account.suspension?.reason ?? null,
      });
      await multi.exec();
      return updated;
    },

    /** What the last membership check found; written only if the account still exists. */
    async recordMembership(account: Account, membership: NonNullable<Account['membership']>): Promise<Account> {
      const updated: Account = { ...account, membership };
      await redis.set(keys.account(account.id), accountJson(updated), 'XX');
      return updated;
    },

    async *allIds(): AsyncGenerator<string> {
      let cursor = '0';
      do {
        const [next, ids] = await redis.sscan(keys.accounts, cursor, 'COUNT', 200);
        cursor = next;
        yield* ids;
      } while (cursor !== '0');
    },
  };
}

export type AccountStore = ReturnType<typeof accountStore>;
