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
const detailsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]));

export function auditStore(ctx: StoreContext) {
  const { redis, keys, clock } = ctx;
  return {
    /** The stream entry's fields, for scripts that write the event themselves. */
    fields(type: AuditEventType, actor: AuditActor, details: AuditDetails = {}): string[] {
      return ['v', '1', 'type', type, 'at', iso(clock.now()), 'via', actor.via, 'ip', actor.ip ?? '', 'details', JSON.stringify(details)];
    },

    /** Queues the event on a MULTI so it commits together with the change it records. */
    append(multi: ChainableCommander, accountId: string, type: AuditEventType, actor: AuditActor, details: AuditDetails = {}): void {
      multi.xadd(keys.audit(accountId), 'MAXLEN', '~', String(MAX_EVENTS_PER_ACCOUNT), '*', ...this.fields(type, actor, details));
    },

    async record(accountId: string, type: AuditEventType, actor: AuditActor, details: AuditDetails = {}): Promise<void> {
      const multi = redis.multi();
      this.append(multi, accountId, type, actor, details);
      await multi.exec();
    },

    /** Newest first; `before` is an event id from an earlier page. */
    async list(accountId: string, options: { limit: number; before?: string | undefined }): Promise<AuditEvent[]> {
      const end = options.before ? `(${options.before}` : '+';
      const entries = await redis.xrevrange(keys.audit(accountId), end, '-', 'COUNT', options.limit);
      return entries.flatMap(([id, flat]): AuditEvent[] => {
        const f: Record<string, string> = {};
        for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i] as string] = flat[i + 1] as string;
        // An event type from a newer Rampart is skipped rather than misreported.
        if (!(AUDIT_EVENT_TYPES as readonly string[]).includes(f.type ?? '')) return [];
        const details = detailsSchema.safeParse(safeJson(f.details));
        return [{ id, type: f.type as AuditEventType, at: f.at ?? '', via: f.via ?? '', ip: f.ip ? f.ip : null, details: details.success ? details.data : {} }];
      });
    },
  };
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

export type AuditStore = ReturnType<typeof auditStore>;
