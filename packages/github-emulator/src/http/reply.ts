import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { EmulatorContext } from '../context.js';
import { primaryKey, type RateResource } from '../limits/rate-limiter.js';
import { ApiError, DOCS_ROOT } from './api-error.js';
import { requestInfo } from './request-info.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

export function setRateHeaders(
  ctx: EmulatorContext,
  res: Response,
  rateKey: string,
  resource: RateResource = 'core',
): void {
  const info = ctx.limiter.info(primaryKey(rateKey, resource));
  res.setHeader('x-ratelimit-limit', String(info.limit));
  res.setHeader('x-ratelimit-remaining', String(info.remaining));
  res.setHeader('x-ratelimit-reset', String(info.reset));
  res.setHeader('x-ratelimit-used', String(info.used));
  res.setHeader('x-ratelimit-resource', resource);
}

function faultBody(status: number): string {
  // [I] GitHub's 502/503 bodies vary (often HTML from the edge); we send its JSON error shape.
  const message = status === 503 ? 'Service Unavailable' : 'Server Error';
  return JSON.stringify({ message, documentation_url: DOCS_ROOT, status: String(status) });
}

export function sendFault(res: Response, status: number): void {
  res.status(status).setHeader('content-type', JSON_TYPE);
  res.end(faultBody(status));
}

function unquote(tag: string): string {
  return tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

/**
 * Writes a response the way every route must: conditional GETs answer 304 (and cost nothing),
 * and a pending after-effect fault replaces the answer.
 */
export function reply(
  ctx: EmulatorContext,
  req: Request,
  res: Response,
  status: number,
  payload: string | Buffer | null,
  contentType = JSON_TYPE,
  etag?: string,
): void {
  const info = requestInfo(res);
  if (info.faultAfter !== null) {
    info.outcome = 'fault-after';
    sendFault(res, info.faultAfter);
    return;
  }
  if ((req.method === 'GET' || req.method === 'HEAD') && status === 200 && payload !== null) {
    const tag = etag ?? `W/"${createHash('sha256').update(payload).digest('hex').slice(0, 32)}"`;
    res.setHeader('etag', tag);
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => unquote(t) === unquote(tag) || t.trim() === '*')) {
      if (info.charged) {
        ctx.limiter.refundPrimary(primaryKey(info.actor.rateKey, info.resource));
        info.charged = false;
        setRateHeaders(ctx, res, info.actor.rateKey, info.resource);
      }
      res.status(304).end();
      return;
    }
  }
  res.status(status);
  if (payload === null) {
    res.end();
    return;
  }
  res.setHeader('content-type', contentType);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

export function sendJson(ctx: EmulatorContext, req: Request, res: Response, status: number, body: unknown): void {
  reply(ctx, req, res, status, status === 204 ? null : JSON.stringify(body));
}

export function sendError(res: Response, err: ApiError): void {
  for (const [k, v] of Object.entries(err.options.headers ?? {})) res.setHeader(k, v);
  const body = err.body();
  if (body === null) {
    res.status(err.status).end();
    return;
  }
  res.status(err.status).setHeader('content-type', JSON_TYPE);
  res.end(JSON.stringify(body));
}
