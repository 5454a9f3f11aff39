import { z } from 'zod';
import { orchestrateOptionsSchema, resolveOrchestrateOptions } from '../../orchestrate/orchestrate-options.js';
import type { ApiRuntime } from '../api-runtime.js';
import { route, type AnyRoute } from '../route.js';
import { auditPageSchema, timestamp } from '../schemas.js';

export const optionsReplySchema = z
  .object({ options: orchestrateOptionsSchema, updated_at: timestamp.nullable() })
  .meta({ title: 'OrchestrateOptionsReply' });

const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z
    .string()
    .regex(/^\d+-\d+$/, 'must be an event id from an earlier page')
    .optional(),
});

export function accountRoutes(rt: ApiRuntime): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/v1/me/orchestrate-options',
      operationId: 'getOrchestrateOptions',
      tag: 'account',
      summary: 'Your default Orchestrate Options (defaults until you save some)',
      auth: 'user',
      scope: 'orchestrate',
      responses: { 200: { description: 'Options with every default filled in', schema: optionsReplySchema } },
      handle: async ({ principal }) => {
        const saved = await rt.store.options.get(principal.account.id);
        return {
          status: 200,
          body: { options: resolveOrchestrateOptions(saved?.options), updated_at: saved?.updatedAt ?? null },
        };
      },
    }),
    route({
      method: 'put',
      path: '/api/v1/me/orchestrate-options',
      operationId: 'saveOrchestrateOptions',
      tag: 'account',
      summary: 'Replaces your default Orchestrate Options',
      auth: 'user',
      scope: 'orchestrate',
      body: orchestrateOptionsSchema,
      responses: { 200: { description: 'Saved, with every default filled in', schema: optionsReplySchema } },
      handle: async ({ principal, body, actor }) => {
        const updatedAt = await rt.store.options.put(principal.account.id, body, actor);
        return { status: 200, body: { options: body, updated_at: updatedAt } };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/me/audit',
      operationId: 'listAuditEvents',
      tag: 'account',
      summary: 'Your audit events, newest first: PAT saved/removed/used, tokens created/revoked/exchanged, sign-ins',
      auth: 'user',
      scope: 'credentials:read',
      query: auditQuery,
      responses: {
        200: { description: 'A page of events; pass next_before as before for the next page', schema: auditPageSchema },
      },
      handle: async ({ principal, query }) => {
        const events = await rt.store.audit.list(principal.account.id, { limit: query.limit, before: query.before });
        const last = events.at(-1);
        return { status: 200, body: { events, next_before: events.length === query.limit && last ? last.id : null } };
      },
    }),
  ];
}
