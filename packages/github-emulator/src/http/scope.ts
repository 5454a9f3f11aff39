import type { Request, Response } from 'express';
import { checkOrgPolicy } from '../auth/org-policy.js';
import { authorizeRepo, type Need } from '../auth/permissions.js';
import type { EmulatorContext } from '../context.js';
import type { Actor, Repo } from '../model.js';
import type { EmulatorState } from '../state.js';
import { ApiError, notFound, type ApiErrorOptions } from './api-error.js';
import { reply, sendJson } from './reply.js';
import { requestInfo } from './request-info.js';

/** Static facts about one REST operation. */
export interface Operation {
  /** `documentation_url` of its errors */
  docs: string;
  /** `X-Accepted-OAuth-Scopes` for classic/OAuth tokens */
  scopes?: string;
  /** `X-Accepted-GitHub-Permissions` for fine-grained and App tokens */
  permissions?: string;
}

/** One API request being answered: parameters, the caller, and GitHub-shaped replies and errors. */
export class Scope {
  constructor(
    readonly ctx: EmulatorContext,
    readonly req: Request,
    readonly res: Response,
    readonly op: Operation,
  ) {
    const actor = this.actor;
    if ((actor.kind === 'classic' || actor.kind === 'oauth') && op.scopes !== undefined)
      res.setHeader('x-accepted-oauth-scopes', op.scopes);
    if ((actor.kind === 'fine-grained' || actor.kind === 'installation') && op.permissions !== undefined) {
      res.setHeader('x-accepted-github-permissions', op.permissions);
    }
  }

  get state(): EmulatorState {
    return this.ctx.state;
  }

  get actor(): Actor {
    return requestInfo(this.res).actor;
  }

  /** A path parameter; wildcard parameters (arrays of segments) are joined with `/`. */
  param(name: string): string {
    const value: unknown = (this.req.params as Record<string, unknown>)[name];
    if (Array.isArray(value)) return value.join('/');
    return typeof value === 'string' ? value : '';
  }

  query(name: string): string | undefined {
    const value: unknown = (this.req.query as Record<string, unknown>)[name];
    if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
    return typeof value === 'string' ? value : undefined;
  }

  body(): Record<string, unknown> {
    const b: unknown = this.req.body;
    return typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
  }

  fail(status: number, message: string, options: ApiErrorOptions = {}): ApiError {
    return new ApiError(status, message, { docs: this.op.docs, ...options });
  }

  notFound(): ApiError {
    return notFound(this.op.docs);
  }

  /** The `:owner/:repo` repository, after GitHub's visibility and permission checks. */
  repo(need: Need): Repo {
    const repo = this.state.repo(this.param('owner'), this.param('repo'));
    if (!repo) throw this.notFound();
    authorizeRepo(this.state, this.actor, repo, need, this.op.docs);
    checkOrgPolicy(this.state, this.actor, repo, need.level !== 'read', this.op.docs, this.ctx.htmlUrl);
    return repo;
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    for (const [k, v] of Object.entries(headers)) this.res.setHeader(k, v);
    sendJson(this.ctx, this.req, this.res, status, body);
  }

  raw(status: number, payload: string | Buffer, contentType: string, etag?: string): void {
    reply(this.ctx, this.req, this.res, status, payload, contentType, etag);
  }

  /** Slices one page (`per_page` ≤ 100, default 30) and sets GitHub's `Link` header. */
  paginate<T>(items: readonly T[], defaultPerPage = 30): T[] {
    const perPage = Math.min(100, Math.max(1, Number.parseInt(this.query('per_page') ?? '', 10) || defaultPerPage));
    const page = Math.max(1, Number.parseInt(this.query('page') ?? '', 10) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string) => {
      const url = new URL(this.req.originalUrl, this.ctx.url);
      url.searchParams.set('per_page', String(perPage));
      url.searchParams.set('page', String(p));
      return `<${url.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    if (links.length > 0) this.res.setHeader('link', links.join(', '));
    return items.slice((page - 1) * perPage, page * perPage);
  }
}

export function scope(ctx: EmulatorContext, req: Request, res: Response, op: Operation): Scope {
  return new Scope(ctx, req, res, op);
}
