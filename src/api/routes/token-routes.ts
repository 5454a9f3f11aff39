import { z } from 'zod';
import { issueApiToken, revokeApiToken } from '../../accounts/api-tokens.js';
import { apiScopeSchema } from '../../store/api-scopes.js';
import { expirationSchema } from '../../accounts/token-expiration.js';
import { AppError } from '../../errors.js';
import { plainText } from '../../plain-text.js';
import type { ApiRuntime } from '../api-runtime.js';
import { ID_FORMATS } from '../path-params.js';
import { presentApiToken } from '../present.js';
import { route, type AnyRoute } from '../route.js';
import { apiTokenSchema, createdApiTokenSchema } from '../schemas.js';

export const newTokenSchema = z
  .strictObject({
    name: plainText(z.string().trim().min(1).max(100)),
    scopes: z.array(apiScopeSchema).min(1),
    expiration: expirationSchema,
  })
  .meta({ title: 'NewApiToken' });

export const tokenListSchema = z
  .object({
    tokens: z.array(apiTokenSchema),
    max_lifetime_days: z.number().int().nullable().meta({
      description:
        'The longest lifetime this Rampart allows for a new token; null when tokens without expiry are allowed.',
    }),
  })
  .meta({ title: 'ApiTokenList' });

export function tokenRoutes(rt: ApiRuntime): AnyRoute[] {
  const now = () => rt.deps.clock.now();
  return [
    route({
      method: 'get',
      path: '/api/v1/me/tokens',
      operationId: 'listApiTokens',
      tag: 'api-tokens',
      summary: 'Your API tokens (never the tokens themselves)',
      auth: 'user',
      scope: 'tokens:write',
      responses: {
        200: { description: 'Tokens not revoked, oldest first; expired ones are marked', schema: tokenListSchema },
      },
      handle: async ({ principal }) => {
        const tokens = await rt.store.apiTokens.list(principal.account.id);
        return {
          status: 200,
          body: { tokens: tokens.map((t) => presentApiToken(t, now())), max_lifetime_days: rt.tokens.maxLifetimeDays },
        };
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/me/tokens',
      operationId: 'createApiToken',
      tag: 'api-tokens',
      summary: 'Creates an API token; the response is the only time it is shown',
      auth: 'user',
      scope: 'tokens:write',
      body: newTokenSchema,
      responses: { 201: { description: 'Created', schema: createdApiTokenSchema } },
      errors: {
        403: 'An access token cannot create API tokens, and a token cannot grant scopes it lacks',
        409: 'The name is taken, or the account holds too many tokens',
        422: 'The expiration is in the past or beyond what the operator allows',
      },
      handle: async ({ principal, body, actor }) => {
        if (principal.via === 'access-token') {
          throw new AppError(
            403,
            'access_token_cannot_create',
            'A short-lived access token cannot create API tokens; use the API token it came from, or the web session.',
          );
        }
        const lacking = body.scopes.filter((s) => !principal.scopes.has(s));
        if (lacking.length > 0)
          throw new AppError(
            403,
            'insufficient_scope',
            `A token can only create tokens with its own scopes or fewer; this one lacks ${lacking.join(', ')}.`,
          );
        const { token, record } = await issueApiToken(rt.tokens, principal.account, body, actor);
        return { status: 201, body: { ...presentApiToken(record, now()), token } };
      },
    }),
    route({
      method: 'delete',
      path: '/api/v1/me/tokens/:id',
      operationId: 'revokeApiToken',
      tag: 'api-tokens',
      summary: 'Revokes an API token at once, with every access token exchanged from it',
      auth: 'user',
      scope: 'tokens:write',
      params: {
        id: {
          description: 'The token id (tok_…), from the list',
          pattern: ID_FORMATS.token,
          notFoundCode: 'token_not_found',
        },
      },
      responses: { 204: { description: 'Revoked' } },
      errors: { 404: 'You have no active token with that id' },
      handle: async ({ principal, params, actor }) => {
        await revokeApiToken(rt.tokens, principal.account, params.id ?? '', actor);
        return { status: 204 };
      },
    }),
  ];
}
