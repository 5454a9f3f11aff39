import { z } from 'zod';
import { apiScopeSchema, normalizeScopes } from '../../store/api-scopes.js';
import type { ApiRuntime } from '../api-runtime.js';
import { presentUser } from '../present.js';
import { route, type AnyRoute } from '../route.js';
import { sessionInfoSchema, userSchema } from '../schemas.js';

const meSchema = z
  .object({
    user: userSchema,
    auth: z.object({
      via: z.enum(['session', 'api-token', 'access-token']),
      scopes: z.array(apiScopeSchema),
      token_id: z.string().nullable(),
    }),
  })
  .meta({ title: 'Me' });

export function sessionRoutes(_rt: ApiRuntime): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/v1/session',
      operationId: 'getSession',
      tag: 'sign-in',
      summary: 'The signed-in browser session: its user and the CSRF token for state-changing requests',
      auth: 'session',
      responses: { 200: { description: 'Signed in', schema: sessionInfoSchema } },
      handle: async ({ principal }) => ({
        status: 200,
        body: {
          user: presentUser(principal.account),
          csrf_token: principal.session?.record.csrfToken,
          expires_at: principal.session?.record.expiresAt,
        },
      }),
    }),
    route({
      method: 'get',
      path: '/api/v1/me',
      operationId: 'getMe',
      tag: 'account',
      summary: 'Who is calling, and with which scopes',
      auth: 'user',
      responses: { 200: { description: 'The caller', schema: meSchema } },
      handle: async ({ principal }) => ({
        status: 200,
        body: {
          user: presentUser(principal.account),
          auth: { via: principal.via, scopes: normalizeScopes(principal.scopes), token_id: principal.tokenId },
        },
      }),
    }),
  ];
}
