import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { looksLikeJwt } from '../auth/app-jwt.js';
import { actorName, credentialOf, resolveActor } from '../auth/resolve-actor.js';
import type { EmulatorContext } from '../context.js';
import { GRAPHQL_DOCS, rateLimitedBody } from '../graphql/graphql-errors.js';
import { primaryKey } from '../limits/rate-limiter.js';
import type { Actor } from '../model.js';
import { isoSeconds } from '../state.js';
import { tokenLabel } from '../token-format.js';
import { ApiError } from './api-error.js';
import { JSON_TYPE, sendError, sendFault, setRateHeaders } from './reply.js';
import { setRequestInfo, type RequestInfo } from './request-info.js';

const LIMITS_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';

function requestId(): string {
  const h = randomBytes(14).toString('hex').toUpperCase();
  return `${h.slice(0, 4)}:${h.slice(4, 10)}:${h.slice(10, 17)}:${h.slice(17, 24)}:${h.slice(24, 28)}`;
}

/** [I] which requests count as "content-creating": every mutation except minting installation tokens. */
function isContentCreating(req: Request): boolean {
  // GraphQL queries create nothing. [gap] Mutations (createCommitOnBranch) should count, but the body is parsed after this runs.
  if (req.path === '/graphql') return false;
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return false;
  return !/^\/app\/installations\/[^/]+\/access_tokens$/.test(req.path);
}

function expirationHeader(ms: number): string {
  return `${isoSeconds(ms).replace('T', ' ').replace('Z', '')} UTC`;
}

function tokenHeaders(ctx: EmulatorContext, res: Response, actor: Actor): void {
  if (actor.kind === 'classic' || actor.kind === 'oauth') {
    res.setHeader('x-oauth-scopes', actor.token.scopes.join(', '));
    if (actor.kind === 'oauth')
      res.setHeader('x-oauth-client-id', ctx.state.apps.get(actor.token.appId)?.clientId ?? '');
  }
  if ((actor.kind === 'classic' || actor.kind === 'fine-grained') && actor.token.expiresAt !== null) {
    res.setHeader('github-authentication-token-expiration', expirationHeader(actor.token.expiresAt));
  }
}

function labelOf(req: Request): string | null {
  try {
    const credential = credentialOf(req);
    if (credential === null) return null;
    return looksLikeJwt(credential) ? 'jwt' : tokenLabel(credential);
  } catch {
    return 'malformed';
  }
}

function primaryMessage(actor: Actor, id: string, ip: string): string {
  const support = `If you reach out to GitHub Support for help, please include the request ID ${id}.`;
  if (actor.kind === 'installation')
    return `API rate limit exceeded for installation ID ${actor.installation.id}. ${support}`;
  if (actor.kind === 'app') return `API rate limit exceeded for app ID ${actor.app.id}. ${support}`;
  if (actor.kind === 'anonymous') {
    return `API rate limit exceeded for ${ip}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.) ${support}`;
  }
  return `API rate limit exceeded for user ID ${actor.user.id}. ${support}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs before every REST route and `POST /graphql`: identifies the caller, logs the request, and applies
 * concurrency limits, latency, the primary and content-creation limits and faults, in that order.
 * GraphQL has its own primary budget (1 point per query here; GitHub's minimum cost), and the
 * concurrency limit counts REST and GraphQL together, as GitHub documents.
 */
export function apiPipeline(ctx: EmulatorContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const started = performance.now();
    const id = requestId();
    const graphql = req.method === 'POST' && req.path === '/graphql';
    const resource = graphql ? 'graphql' : 'core';
    res.setHeader('x-github-request-id', id);
    res.setHeader('x-github-api-version-selected', String(req.headers['x-github-api-version'] ?? '2022-11-28'));
    // [I] GraphQL is API v4; its responses name that media type.
    res.setHeader('x-github-media-type', graphql ? 'github.v4; format=json' : 'github.v3; format=json');
    let actor: Actor | null = null;
    let entered = false;
    const label = labelOf(req);
    res.once('close', () => {
      if (actor && entered) ctx.limiter.leave(actor.rateKey);
      const info = (res.locals as { emulator?: RequestInfo }).emulator;
      ctx.log.add({
        time: new Date().toISOString(),
        method: req.method,
        path: req.path,
        query: req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '',
        status: res.statusCode,
        token: actor?.label ?? label,
        tokenKind: actor && actor.kind !== 'anonymous' ? actor.kind : null,
        actor: actor ? actorName(actor) : null,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        outcome: info?.outcome ?? null,
        ...(info?.operation ? { operation: info.operation } : {}),
      });
    });
    let caller: Actor;
    try {
      caller = resolveActor(ctx.state, req);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // The same 401 bodies on /graphql, pointing at the GraphQL docs.
      return sendError(
        res,
        graphql
          ? new ApiError(err.status, err.message, { ...err.options, docs: err.options.docs ?? GRAPHQL_DOCS })
          : err,
      );
    }
    actor = caller;
    const who = caller.label ?? caller.rateKey;
    const info: RequestInfo = {
      actor: caller,
      requestId: id,
      resource,
      charged: false,
      faultAfter: null,
      outcome: null,
    };
    setRequestInfo(res, info);
    tokenHeaders(ctx, res, caller);
    const limits = ctx.limiter;
    const cfg = ctx.limits;
    const rateKey = caller.rateKey;
    // [I] GraphQL gets the same 403/429 body: GitHub documents "200 or 403" with a secondary-limit message there.
    const secondary = (message: string, kind: 'secondaryContent' | 'secondaryConcurrency', retryAfter: number) => {
      limits.record(kind, who);
      info.outcome = kind === 'secondaryContent' ? 'secondary-content' : 'secondary-concurrency';
      setRateHeaders(ctx, res, rateKey, resource);
      const after = cfg.secondary.retryAfterSeconds ?? retryAfter;
      const err = new ApiError(
        cfg.secondary.status,
        `${message} If you reach out to GitHub Support for help, please include the request ID ${id}.`,
        {
          docs: `${LIMITS_DOCS}#about-secondary-rate-limits`,
          headers: { 'retry-after': String(after) },
        },
      );
      sendError(res, err);
    };
    entered = limits.enter(rateKey);
    if (!entered) {
      return secondary(
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        'secondaryConcurrency',
        60,
      );
    }
    const delay = cfg.latency.ms + (cfg.latency.jitterMs > 0 ? Math.random() * cfg.latency.jitterMs : 0);
    if (delay > 0) await sleep(delay);
    // GraphQL refuses anonymous callers and App JWTs (401/403) before counting anything.
    const free = req.path === '/rate_limit' || (graphql && (caller.kind === 'anonymous' || caller.kind === 'app'));
    if (!free) {
      if (!limits.takePrimary(primaryKey(rateKey, resource))) {
        limits.record('primary', who);
        info.outcome = 'primary-limit';
        setRateHeaders(ctx, res, rateKey, resource);
        if (graphql) {
          // Documented: "the response status will still be 200, but you will receive an error message".
          res.status(200).setHeader('content-type', JSON_TYPE);
          res.end(JSON.stringify(rateLimitedBody(caller, ctx.quirks)));
          return;
        }
        const ip = req.socket.remoteAddress ?? 'unknown';
        return sendError(
          res,
          new ApiError(cfg.primary.status, primaryMessage(caller, id, ip), {
            docs: `${LIMITS_DOCS}#about-primary-rate-limits`,
          }),
        );
      }
      info.charged = true;
    }
    setRateHeaders(ctx, res, rateKey, resource);
    if (isContentCreating(req)) {
      const wait = limits.takeContent(rateKey);
      if (wait !== null) {
        return secondary(
          'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
          'secondaryContent',
          wait,
        );
      }
    }
    const fault = ctx.faults.roll();
    if (fault !== null) {
      limits.record('faults', who);
      if (cfg.faults.phase === 'before') {
        info.outcome = 'fault';
        return sendFault(res, fault);
      }
      info.faultAfter = fault;
    }
    next();
  };
}
