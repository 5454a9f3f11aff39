import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.js';
import type { ApiErrorBody, ApiErrorCode } from '../errors/api-error-codes.js';
import { rampartFault } from '../github/rampart-fault.js';
import { StoreError } from '../store/store-context.js';
import { requestLocals } from './request-context.js';

export function sendError(
  res: Response,
  status: number,
  code: ApiErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(headers)) {
    try {
      res.setHeader(name, value);
    } catch (err) {
      // A header Node refuses must not turn a clear error into express's HTML page.
      requestLocals(res).log?.error({ err, header: name }, 'could not set a response header');
    }
  }
  const body: ApiErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

// Built once: the handler that sends it must not be able to fail again.
const LAST_RESORT = JSON.stringify({
  error: { code: 'internal', message: "Something went wrong on Rampart's side." },
} satisfies ApiErrorBody);

export function notFoundHandler(req: Request, res: Response): void {
  sendError(res, 404, 'not_found', `There is no ${req.method} ${req.path}; see /api/v1/openapi.json for the API.`);
}

/** The last middleware: every failure becomes {"error":{"code","message"}}; unexpected ones are logged, not shown. */
export function errorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  try {
    handle(err, req, res, next);
  } catch {
    // Never fall through to express's own handler: it prints stack traces as HTML.
    if (!res.headersSent) res.status(500).type('application/json').send(LAST_RESORT);
  }
}

function handle(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const { log, requestId } = requestLocals(res);
  if (res.headersSent) {
    log.error({ err }, 'error after the response started');
    res.end();
    return;
  }
  if (err instanceof AppError) {
    if (err.status >= 500) log.warn({ code: err.code, status: err.status }, err.message);
    return sendError(res, err.status, err.code, err.message, err.headers);
  }
  const type = (err as { type?: string })?.type;
  if (type === 'entity.too.large') return sendError(res, 413, 'payload_too_large', 'The request body is too large.');
  if (type === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', 'The request body is not valid JSON.');
  if (type === 'charset.unsupported' || type === 'encoding.unsupported')
    return sendError(res, 415, 'unsupported_media_type', 'Send the body as UTF-8 JSON.');
  // The classifier the workers use decides what is Rampart's Redis failing, so both say the same.
  if (rampartFault(err)?.kind === 'rampart-redis') {
    log.error({ err }, 'redis unavailable');
    return sendError(res, 503, 'unavailable', 'Rampart cannot reach its database right now; try again shortly.', {
      'retry-after': '5',
    });
  }
  log.error({ err, storeError: err instanceof StoreError }, 'unexpected error');
  sendError(res, 500, 'internal', `Something went wrong on Rampart's side (request id ${requestId}).`);
}
