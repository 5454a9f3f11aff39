import { z } from 'zod';
import type { Account } from '../../store/account-store.js';
import type { ApiRuntime } from '../api-runtime.js';
import type { Principal } from '../route.js';
import { route, type AnyRoute } from '../route.js';
import { auditEventSchema } from '../schemas.js';

export const auditLogSchema = z
  .object({
    scope: z.enum(['own', 'all']).meta({
      description:
        '`all` for operators (RAMPART_OPERATOR_LOGINS, with the admin scope): every account’s events and the service’s.',
    }),
    events: z.array(
      auditEventSchema.extend({
        account: z
          .object({ id: z.string(), github_login: z.string().nullable() })
          .nullable()
          .meta({ description: 'Whose event; null for the service’s own (sign-ins refused, accounts deleted).' }),
      }),
    ),
    next_before: z.string().nullable(),
  })
  .meta({ title: 'AuditLog' });

const auditLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z
    .string()
    .regex(/^\d+-\d+$/, 'must be an event id from an earlier page')
    .optional(),
  account: z
    .string()
    .regex(
      /^(acc_[A-Za-z0-9_-]{1,64}|[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))$/,
      'must be a GitHub login or an account id (acc_…)',
    )
    .optional()
    .meta({ description: 'Operators: only this account (login or id).' }),
});

export function auditRoutes(rt: ApiRuntime): AnyRoute[] {
  const operators = new Set(rt.deps.config.operators.map((o) => o.githubId));
  const isOperator = (p: Principal) =>
    p.account.githubId !== null && operators.has(p.account.githubId) && p.scopes.has('admin');
  return [
    route({
      method: 'get',
      path: '/api/v1/audit',
      operationId: 'getAuditLog',
      tag: 'account',
      summary: 'The audit log: your own events; operators see every account’s and the service’s',
      auth: 'user',
      scope: 'credentials:read',
      query: auditLogQuery,
      responses: {
        200: {
          description: 'A page of events, newest first; pass next_before as before for the next page',
          schema: auditLogSchema,
        },
      },
      handle: async ({ principal, query }) => {
        const page = { limit: query.limit, before: query.before };
        const own = (account: Account) => ({ id: account.id, github_login: account.githubLogin });
        if (!isOperator(principal)) {
          const events = await rt.store.audit.list(principal.account.id, page);
          return reply(
            'own',
            events.map((e) => ({ ...e, account: own(principal.account) })),
            query.limit,
          );
        }
        if (query.account !== undefined) {
          const account = query.account.startsWith('acc_')
            ? await rt.store.accounts.get(query.account)
            : await rt.store.accounts.findByLogin(query.account);
          const events = account ? await rt.store.audit.list(account.id, page) : [];
          return reply('all', account ? events.map((e) => ({ ...e, account: own(account) })) : [], query.limit);
        }
        const ids: string[] = [];
        for await (const id of rt.store.accounts.allIds()) ids.push(id);
        const events = await rt.store.audit.listAll(ids, page);
        const logins = new Map<string, string | null>();
        for (const id of new Set(events.flatMap((e) => (e.accountId ? [e.accountId] : []))))
          logins.set(id, (await rt.store.accounts.get(id))?.githubLogin ?? null);
        return reply(
          'all',
          events.map(({ accountId, ...e }) => ({
            ...e,
            account: accountId === null ? null : { id: accountId, github_login: logins.get(accountId) ?? null },
          })),
          query.limit,
        );
      },
    }),
  ];
}

function reply(scope: 'own' | 'all', events: Array<{ id: string }>, limit: number) {
  const last = events.at(-1);
  return { status: 200, body: { scope, events, next_before: events.length === limit && last ? last.id : null } };
}
