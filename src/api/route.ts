import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { ApiErrorCode } from '../errors/api-error-codes.js';
import type { ApiScope } from '../store/api-scopes.js';
import type { Logger } from '../log.js';
import type { Account } from '../store/account-store.js';
import type { AuditActor } from '../store/audit-store.js';
import type { Session } from '../store/session-store.js';

/**
 * A path parameter: its description, or that and the only form it may take, checked before the handler runs (another
 * form answers 404 with `notFoundCode`, `not_found` by default).
 */
export type PathParam = string | { description: string; pattern: RegExp; notFoundCode?: ApiErrorCode };

/** `none`: public. `user`: a Bearer token or the session cookie. `session`: the session cookie only. */
export type AuthMode = 'none' | 'user' | 'session';

export interface Principal {
  account: Account;
  scopes: ReadonlySet<ApiScope>;
  via: 'session' | 'api-token' | 'access-token';
  /** The API token used, or the one an access token was exchanged from. */
  tokenId: string | null;
  session: { id: string; record: Session } | null;
}

export interface ResponseSpec {
  description: string;
  /** Every JSON body sent is parsed by this schema first, which also drops undeclared fields. */
  schema?: z.ZodType;
  /** For redirects: the headers the response sets, documented. */
  headers?: Record<string, string>;
}

export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** The handler wrote the response itself (server-sent events). */
  | { status: 200; streamed: true }
  | { status: 302 | 303; redirect: string; headers?: Record<string, string> };

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteContext<B, Q, A extends AuthMode> {
  req: Request;
  res: Response;
  body: B;
  query: Q;
  params: Record<string, string>;
  principal: A extends 'none' ? null : Principal;
  /** Who to record in the audit log for this request. */
  actor: AuditActor;
  log: Logger;
}

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, A extends AuthMode> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express syntax (`/api/v1/me/tokens/:id`); the OpenAPI document converts it. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  auth: A;
  scope?: ApiScope;
  body?: B;
  /** Content types the body may come in; JSON by default. */
  bodyTypes?: Array<'application/json' | 'application/x-www-form-urlencoded'>;
  query?: Q;
  params?: Record<string, PathParam>;
  /** Successful answers, by status. */
  responses: Record<number, ResponseSpec>;
  /** Error answers specific to this route, by status; the common ones (400, 401, 403, 429) are added for you. */
  errors?: Record<number, string>;
  handle(ctx: RouteContext<Out<B>, Out<Q>, A>): Promise<Reply>;
}

// The registry only needs the shape; handlers stay fully typed where they are defined (see route()).
export type AnyRoute = RouteSpec<z.ZodType | undefined, z.ZodType | undefined, AuthMode>;

/** Declares a route; one object serves express, validation and the OpenAPI document. */
export function route<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  A extends AuthMode = AuthMode,
>(spec: RouteSpec<B, Q, A>): AnyRoute {
  return spec;
}
