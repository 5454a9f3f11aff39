import type { Response } from 'express';
import type { RateResource } from '../limits/rate-limiter.js';
import type { Actor } from '../model.js';
import type { RequestLogEntry } from '../request-log.js';

/** Per-request bookkeeping of the API pipeline, kept in `res.locals.emulator`. */
export interface RequestInfo {
  actor: Actor;
  requestId: string;
  /** which primary budget the request is charged to */
  resource: RateResource;
  /** primary budget charged for this request (refunded on 304) */
  charged: boolean;
  /** `faults.phase = after`: the route runs, then the client gets this status instead */
  faultAfter: number | null;
  outcome: RequestLogEntry['outcome'];
  /** For /graphql: whether the document was a query or a mutation (mutations create content). */
  operation?: RequestLogEntry['operation'];
}

export function requestInfo(res: Response): RequestInfo {
  const info = (res.locals as { emulator?: RequestInfo }).emulator;
  if (!info) throw new Error('API pipeline did not run for this request');
  return info;
}

export function setRequestInfo(res: Response, info: RequestInfo): void {
  (res.locals as { emulator?: RequestInfo }).emulator = info;
}
