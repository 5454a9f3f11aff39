import { z } from 'zod';
import { ACCESS_TOKEN_TYPE, exchangeToken, TOKEN_EXCHANGE_GRANT } from '../../accounts/token-exchange.js';
import type { ApiRuntime } from '../api-runtime.js';
import { route, type AnyRoute } from '../route.js';
import { tokenExchangeResponseSchema } from '../schemas.js';

// Not strict: RFC 8693 allows parameters (audience, resource) that this server may ignore.
const exchangeRequestSchema = z
  .object({
    grant_type: z.string().meta({ examples: [TOKEN_EXCHANGE_GRANT] }),
    subject_token: z.string().max(200).optional().meta({ description: 'The Rampart API token (rpat_…) to exchange.' }),
    subject_token_type: z
      .string()
      .optional()
      .meta({ examples: [ACCESS_TOKEN_TYPE] }),
    requested_token_type: z.string().optional(),
    scope: z
      .string()
      .max(500)
      .optional()
      .meta({ description: 'Space-separated scopes, each held by the subject token; all of its scopes when absent.' }),
    actor_token: z.string().optional(),
    actor_token_type: z.string().optional(),
    audience: z.string().optional(),
    resource: z.string().optional(),
  })
  .meta({ title: 'TokenExchangeRequest' });

export function oauthTokenRoutes(rt: ApiRuntime): AnyRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/v1/oauth/token',
      operationId: 'exchangeToken',
      tag: 'api-tokens',
      summary: 'RFC 8693 token exchange: an API token for a 15-minute access token with the same or fewer scopes',
      description:
        'Errors use the RFC 6749 §5.2 codes (invalid_request, invalid_grant, invalid_scope, unsupported_grant_type) in Rampart\'s {"error":{"code","message"}} body.',
      auth: 'none',
      body: exchangeRequestSchema,
      bodyTypes: ['application/x-www-form-urlencoded', 'application/json'],
      responses: { 200: { description: 'The access token (rpax_…)', schema: tokenExchangeResponseSchema } },
      handle: async ({ body, req }) => {
        const issued = await exchangeToken(
          { store: rt.store, clock: rt.deps.clock, limitAccount: (accountId) => rt.limits.user(accountId) },
          body,
          req.ip,
        );
        return { status: 200, body: issued, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
      },
    }),
  ];
}
