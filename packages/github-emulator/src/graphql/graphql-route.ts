import { Router, type Request } from 'express';
import { forbidden } from '../auth/permissions.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { reply } from '../http/reply.js';
import { requestInfo } from '../http/request-info.js';
import { executeQuery, type GraphQLRequest } from './execute-query.js';
import { githubSchema } from './github-schema.js';
import { GRAPHQL_AUTH_DOCS, GRAPHQL_DOCS } from './graphql-errors.js';

const NO_QUERY = JSON.stringify({ errors: [{ message: 'A query attribute must be specified and must be a string.' }] });

/**
 * The request body: `{query, variables?, operationName?}`. [I] `variables` may also arrive as a JSON
 * string (graphql-ruby's controllers accept both); anything else that is not an object is a parse problem.
 */
function readRequest(req: Request): GraphQLRequest | null {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '') return null;
  let vars: unknown = variables ?? {};
  if (typeof vars === 'string') {
    try {
      vars = vars.trim() === '' ? {} : JSON.parse(vars);
    } catch {
      throw new ApiError(400, 'Problems parsing JSON', { docs: GRAPHQL_DOCS });
    }
  }
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars))
    throw new ApiError(400, 'Problems parsing JSON', { docs: GRAPHQL_DOCS });
  return {
    query,
    variables: vars as Record<string, unknown>,
    operationName: typeof operationName === 'string' && operationName !== '' ? operationName : null,
  };
}

/**
 * `POST /graphql`, after the API pipeline (auth, log, limits, faults). Tokens resolve as on REST:
 * classic and fine-grained PATs (GraphQL works for them since 2023, docs/github-behaviour.md#commit-sequence), OAuth and
 * installation tokens.
 */
export function graphqlRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.post('/graphql', async (req, res) => {
    const info = requestInfo(res);
    const actor = info.actor;
    if (actor.kind === 'anonymous')
      throw new ApiError(401, 'This endpoint requires you to be authenticated.', { docs: GRAPHQL_AUTH_DOCS });
    // [I] An App JWT only serves the /app endpoints; here it gets the integration 403, as on REST.
    if (actor.kind === 'app') throw forbidden(actor, GRAPHQL_DOCS);
    const request = readRequest(req);
    // [I] The body text is GitHub's (an empty query gets it; observed by the ghgql project); the 400 status is our choice.
    if (!request) return reply(ctx, req, res, 400, NO_QUERY);
    info.operation = /^\s*mutation\b/.test(request.query) ? 'mutation' : 'query';
    const schema = await githubSchema();
    const body = await executeQuery(schema, request, { ctx, actor, requestId: info.requestId });
    reply(ctx, req, res, 200, JSON.stringify(body));
  });
  return router;
}
