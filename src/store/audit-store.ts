import type { ChainableCommander } from 'ioredis';
import { z } from 'zod';
import { iso, type StoreContext } from './store-context.js';

export const AUDIT_EVENT_TYPES = [
  'account.created',
  'session.signed_in',
  'session.signed_out',
  'token.created',
  'token.revoked',
  'token.exchanged',
  'pat.saved',
  'pat.removed',
  'pat.used',
  'pat.unreadable',
  'options.updated',
  'policy.created',
  'policy.updated',
  'policy.deleted',
  'policy.paused',
  'account.suspended',
  'account.reinstated',
  // In the service stream: the account's own stream is gone with it, or there never was an account.
  'account.deleted',
  'signin.refused',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** Non-secret facts only: ids, names, counts, kinds. */
export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

/** Who did it: `session`, `api-token:<id>`, `access-token:<parent id>`, `admin`, `github-sign-in`. */
export interface AuditActor {
  via: string;
  ip?: string | undefined;
}

export interface AuditEvent {
  id: string;
  type: AuditEventType;
  at: string;
  via: string;
  ip: string | null;
  details: AuditDetails;
}

export const MAX_EVENTS_PER_ACCOUNT = 10_000;
const MAX_SERVICE_EVENTS = 100_000;
const detailsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]),
);

export function auditStore(ctx: StoreContext) {
  const { redis, keys, clock } = ctx;
  return {
    /** The stream entry's fields, for scripts that write the event themselves. */
    fields(type: AuditEventType, actor: AuditActor, details: AuditDetails = {}): string[] {
      return [
        'v',
        '1',
        'type',
        type,
        'at',
        iso(clock.now()),
        'via',
        actor.via,
        'ip',
        actor.ip ?? '',
        'details',
        JSON.stringify(details),
      ];
    },

    /** Queues the event on a MULTI so it commits together with the change it records. */
    append(
      multi: ChainableCommander,
      accountId: string,
      type: AuditEventType,
      actor: AuditActor,
      details: AuditDetails = {},
    ): void {
      multi.xadd(
        keys.audit(accountId),
        'MAXLEN',
        '~',
        String(MAX_EVENTS_PER_ACCOUNT),
        '*',
        ...this.fields(type, actor, details),
      );
    },

    async record(
      accountId: string,
      type: AuditEventType,
      actor: AuditActor,
      details: AuditDetails = {},
    ): Promise<void> {
      const multi = redis.multi();
      this.append(multi, accountId, type, actor, details);
      await multi.exec();
    },

    /** Newest first; `before` is an event id from an earlier page. */
    async list(accountId: string, options: { limit: number; before?: string | undefined }): Promise<AuditEvent[]> {
      return readStream(keys.audit(accountId), options);
    },

    eachEvent,

    /** Events that belong to no account (sign-ins refused, accounts deleted). */
    async recordService(type: AuditEventType, actor: AuditActor, details: AuditDetails = {}): Promise<void> {
      await redis.xadd(
        keys.serviceAudit,
        'MAXLEN',
        '~',
        String(MAX_SERVICE_EVENTS),
        '*',
        ...this.fields(type, actor, details),
      );
    },

    async listService(options: { limit: number; before?: string | undefined }): Promise<AuditEvent[]> {
      return readStream(keys.serviceAudit, options);
    },

    /**
     * Every account's events and the service's, newest first, one page: stream ids are times, so pages from each
     * stream merge into one order and `before` works across them.
     */
    async listAll(
      accountIds: readonly string[],
      options: { limit: number; before?: string | undefined },
    ): Promise<Array<AuditEvent & { accountId: string | null }>> {
      const pages = await Promise.all([
        readStream(keys.serviceAudit, options).then((events) => events.map((e) => ({ ...e, accountId: null }))),
        ...accountIds.map((id) =>
          readStream(keys.audit(id), options).then((events) => events.map((e) => ({ ...e, accountId: id }))),
        ),
      ]);
      return pages
        .flat()
        .sort((a, b) => compareIds(b.id, a.id))
        .slice(0, options.limit);
    },
  };

  /** Every event of one stream (an account's, or the service's with null), oldest first, in pages. */
  async function* eachEvent(accountId: string | null): AsyncGenerator<AuditEvent> {
    const key = accountId === null ? keys.serviceAudit : keys.audit(accountId);
    let start = '-';
    for (;;) {
      const entries = await redis.xrange(key, start, '+', 'COUNT', 500);
      for (const entry of entries) {
        const event = toEvent(entry);
        if (event) yield event;
      }
      const last = entries.at(-1);
      if (!last || entries.length < 500) return;
      start = `(${last[0]}`;
    }
  }

  async function readStream(
    key: string,
    options: { limit: number; before?: string | undefined },
  ): Promise<AuditEvent[]> {
    const end = options.before ? `(${options.before}` : '+';
    const entries = await redis.xrevrange(key, end, '-', 'COUNT', options.limit);
    return entries.flatMap((entry) => toEvent(entry) ?? []);
  }
}

function toEvent([id, flat]: [string, string[]]): AuditEvent | null {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i] as string] = flat[i + 1] as string;
  // An event type from a newer Rampart is skipped rather than misreported.
  if (!(AUDIT_EVENT_TYPES as readonly string[]).includes(f.type ?? '')) return null;
  const details = detailsSchema.safeParse(safeJson(f.details));
  return {
    id,
    type: f.type as AuditEventType,
    at: f.at ?? '',
    via: f.via ?? '',
    ip: f.ip ? f.ip : null,
    details: details.success ? details.data : {},
  };
}

/** Stream ids `<ms>-<seq>` in time order. */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

export type AuditStore = ReturnType<typeof auditStore>;
