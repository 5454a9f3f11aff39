import { z } from 'zod';
import type { ApiRuntime } from '../api-runtime.js';
import { buildOpenApi } from '../openapi.js';
import { route, type AnyRoute } from '../route.js';

/** The document describes every route, itself included, so it is built on first request. */
export function openApiRoutes(rt: ApiRuntime, allRoutes: () => readonly AnyRoute[], version: string): AnyRoute[] {
  let document: Record<string, unknown> | undefined;
  return [
    route({
      method: 'get',
      path: '/api/v1/openapi.json',
      operationId: 'getOpenApi',
      tag: 'operations',
      summary: 'This document',
      auth: 'none',
      responses: { 200: { description: 'OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) } },
      handle: async () => {
        document ??= buildOpenApi(allRoutes(), { version, serverUrl: rt.deps.config.publicUrl });
        return { status: 200, body: document };
      },
    }),
  ];
}
