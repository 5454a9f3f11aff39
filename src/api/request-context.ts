import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';

interface RequestLocals {
  requestId: string;
  log: Logger;
  accountId?: string;
}

export function requestLocals(res: Response): RequestLocals {
  return res.locals as RequestLocals;
}

/**
 * A child logger per request and one line when it ends. Paths are logged without their query string:
 * the OAuth callback's `code` and `state` travel there.
 */
export function requestContext(logger: Logger, clock: Clock) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = clock.now();
    const requestId = randomUUID();
    const locals = requestLocals(res);
    locals.requestId = requestId;
    locals.log = logger.child({ reqId: requestId });
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      const entry = {
        req: { method: req.method, path: req.path },
        res: { status: res.statusCode },
        durationMs: clock.now() - started,
        account: locals.accountId,
      };
      if (res.statusCode >= 500) locals.log.error(entry, 'request failed');
      else locals.log.info(entry, 'request');
    });
    next();
  };
}
