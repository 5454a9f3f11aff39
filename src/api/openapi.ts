import { z } from 'zod';
import { apiErrorSchema } from '../errors/api-error-codes.js';
import { API_SCOPES, SCOPE_DESCRIPTIONS } from '../store/api-scopes.js';
import { paramDescription, paramPattern } from './path-params.js';
import type { AnyRoute } from './route.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const COMMON_ERRORS: Record<number, string> = {
  400: 'The request is malformed or fails validation',
  401: 'Missing, unknown, expired or revoked credentials',
  403: 'Credentials lack the scope, the CSRF token is missing, or a cookie request comes from another site',
  404: 'Nothing has that id (an id not of the form Rampart issues answers the same)',
  429: 'Rate-limited; see Retry-After',
};

function errorResponses(spec: AnyRoute): Record<string, unknown> {
  const statuses: Record<number, string> = { ...(spec.errors ?? {}) };
  const add = (status: number) => {
    statuses[status] ??= COMMON_ERRORS[status] ?? '';
  };
  add(429);
  if (spec.body || spec.query) add(400);
  if (/:[A-Za-z0-9_]+/.test(spec.path)) add(404);
  if (spec.auth !== 'none') {
    add(401);
    add(403);
  }
  const content = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  return Object.fromEntries(
    Object.entries(statuses).map(([status, description]) => [status, { description, content }]),
  );
}

function operation(spec: AnyRoute): Record<string, unknown> {
  const parameters: unknown[] = [];
  for (const name of [...spec.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string)) {
    const param = spec.params?.[name];
    parameters.push({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: paramPattern(param).source },
      description: paramDescription(param),
    });
  }
  if (spec.query) {
    const schema = jsonSchema(spec.query, 'input');
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties))
      parameters.push({ name, in: 'query', required: required.has(name), schema: property });
  }
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.schema ? { content: { 'application/json': { schema: jsonSchema(r.schema, 'output') } } } : {}),
      ...(r.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(r.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }]),
            ),
          }
        : {}),
    };
  }
  Object.assign(responses, errorResponses(spec));
  const body = spec.body;
  const security =
    spec.auth === 'none'
      ? []
      : spec.auth === 'session'
        ? [{ sessionCookie: [] }]
        : [{ bearerToken: spec.scope ? [spec.scope] : [] }, { sessionCookie: [] }];
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.scope ? { 'x-required-scope': spec.scope } : {}),
    security,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              (spec.bodyTypes ?? ['application/json']).map((type) => [type, { schema: jsonSchema(body, 'input') }]),
            ),
          },
        }
      : {}),
    responses,
  };
}

/** OpenAPI 3.1 built from the route declarations themselves, so it cannot drift from what is served. */
export function buildOpenApi(
  routes: readonly AnyRoute[],
  info: { version: string; serverUrl: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = openApiPath(spec.path);
    paths[path] = { ...(paths[path] ?? {}), [spec.method]: operation(spec) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rampart API',
      version: info.version,
      description:
        'Accounts, API tokens, the encrypted GitHub PAT vault and Orchestrate Options. Authenticate with `Authorization: Bearer rpat_…` (or an rpax_… access token from the token exchange), or the browser session cookie plus `X-CSRF-Token` on state-changing requests.',
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      // `code` is the enum of API_ERROR_CODES, so clients can switch on it.
      schemas: { Error: jsonSchema(apiErrorSchema, 'output') },
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description: `Rampart API token (rpat_…) or exchanged access token (rpax_…). Scopes: ${API_SCOPES.map((s) => `${s} (${SCOPE_DESCRIPTIONS[s]})`).join('; ')}.`,
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'rampart_session',
          description:
            'Browser session (named __Host-rampart_session over https); state-changing requests also need X-CSRF-Token.',
        },
      },
    },
  };
}
