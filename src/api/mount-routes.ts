import type { Express, Request, Response } from 'express';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ApiRuntime } from './api-runtime.js';
import { sendError } from './errors.js';
import { authenticate } from './middleware/authenticate.js';
import { checkPathParams } from './path-params.js';
import { requestLocals } from './request-context.js';
import type { AnyRoute, Principal, Reply } from './route.js';

/** Zod messages name the field and the rule, never the value sent, so a pasted secret is not echoed. */
function validate(schema: z.ZodType, value: unknown, where: 'body' | 'query', req: Request): unknown {
  if (where === 'body' && value === undefined && req.method !== 'GET') {
    throw new AppError(400, 'invalid_request', 'Send a JSON body with Content-Type: application/json.');
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${[where, ...i.path.map(String)].join('.')}: ${i.message}`);
  throw new AppError(400, 'invalid_request', problems.join('; '));
}

export function auditVia(principal: Principal): string {
  if (principal.via === 'session') return 'session';
  return `${principal.via}:${principal.tokenId}`;
}

function send(spec: AnyRoute, res: Response, reply: Reply, log: Logger): void {
  if ('streamed' in reply) return;
  const declared = spec.responses[reply.status];
  if (!declared) {
    log.error(
      { route: `${spec.method.toUpperCase()} ${spec.path}`, status: reply.status },
      'route answered with an undeclared status',
    );
    return sendError(res, 500, 'internal', "Something went wrong on Rampart's side.");
  }
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if ('redirect' in reply) return res.redirect(reply.status, reply.redirect);
  if (!declared.schema) {
    res.status(reply.status).end();
    return;
  }
  // Bodies go out through their declared schema: the document stays true, and undeclared fields never leak.
  const parsed = declared.schema.safeParse(reply.body);
  if (!parsed.success) {
    log.error(
      {
        route: `${spec.method.toUpperCase()} ${spec.path}`,
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      },
      'response does not match its schema',
    );
    return sendError(res, 500, 'internal', "Something went wrong on Rampart's side.");
  }
  res.status(reply.status).json(parsed.data);
}

export function mountRoutes(app: Express, rt: ApiRuntime, routes: readonly AnyRoute[]): void {
  for (const spec of routes) {
    app[spec.method](spec.path, async (req: Request, res: Response) => {
      const locals = requestLocals(res);
      const principal = spec.auth === 'none' ? null : await authenticate(rt, req, spec);
      if (principal) locals.accountId = principal.account.id;
      checkPathParams(spec, req.params as Record<string, string>);
      const body = spec.body ? validate(spec.body, req.body, 'body', req) : undefined;
      const query = spec.query ? validate(spec.query, req.query, 'query', req) : undefined;
      const actor = { via: principal ? auditVia(principal) : 'anonymous', ip: req.ip };
      const reply = await spec.handle({
        req,
        res,
        body,
        query,
        params: req.params as Record<string, string>,
        principal,
        actor,
        log: locals.log,
      });
      send(spec, res, reply, locals.log);
    });
  }
}
