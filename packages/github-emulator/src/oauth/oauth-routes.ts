import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { EmulatorContext } from '../context.js';
import type { App, OAuthToken } from '../model.js';
import { mintToken, tokenLabel } from '../token-format.js';
import { authorizePage, escapeHtml, htmlPage } from './authorize-page.js';

const CODE_TTL_MS = 10 * 60_000;
const ERROR_DOCS =
  'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors';

function params(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  const sources: unknown[] = [req.query, req.body];
  for (const source of sources) {
    if (typeof source !== 'object' || source === null) continue;
    for (const [k, v] of Object.entries(source)) if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  }
  return out;
}

function parseScopes(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(/[\s,]+/).filter((s) => s.length > 0))];
}

function pageError(res: Response, status: number, message: string): void {
  res
    .status(status)
    .type('html')
    .send(htmlPage('Error', `<h1>${escapeHtml(message)}</h1>`));
}

/** Resolves the app and redirect target, or answers with GitHub's error page. */
function authorizeTarget(
  ctx: EmulatorContext,
  p: Record<string, string>,
  res: Response,
): { app: App; redirect: string } | null {
  const app = p.client_id ? ctx.state.appByClientId(p.client_id) : undefined;
  if (!app) {
    pageError(res, 404, 'Not Found');
    return null;
  }
  const redirect = p.redirect_uri ?? app.callbackUrl;
  if (!redirect) {
    pageError(res, 400, 'The redirect_uri is missing and the application has no callback URL.');
    return null;
  }
  // GitHub requires the redirect_uri to be under the registered callback URL.
  if (app.callbackUrl && !redirect.startsWith(app.callbackUrl)) {
    pageError(res, 400, 'The redirect_uri is not associated with this application.');
    return null;
  }
  return { app, redirect };
}

function grant(ctx: EmulatorContext, p: Record<string, string>, res: Response): void {
  const target = authorizeTarget(ctx, p, res);
  if (!target) return;
  const user = p.login ? ctx.state.users.get(p.login.toLowerCase()) : undefined;
  if (!user) return pageError(res, 422, `Unknown user ${p.login ?? ''}`);
  const code = randomBytes(10).toString('hex');
  ctx.state.oauthCodes.set(code, {
    appId: target.app.id,
    login: user.login,
    scopes: parseScopes(p.scope),
    redirectUri: p.redirect_uri ?? null,
    expiresAt: ctx.state.now() + CODE_TTL_MS,
  });
  const url = new URL(target.redirect);
  url.searchParams.set('code', code);
  if (p.state !== undefined) url.searchParams.set('state', p.state);
  res.redirect(302, url.toString());
}

function answer(req: Request, res: Response, body: Record<string, string>): void {
  // OAuth errors are 200s on GitHub; the format follows Accept (form-encoded by default).
  if ((req.headers.accept ?? '').includes('application/json')) {
    res.status(200).json(body);
    return;
  }
  res.status(200).type('application/x-www-form-urlencoded; charset=utf-8').send(new URLSearchParams(body).toString());
}

function exchange(ctx: EmulatorContext, req: Request, res: Response): void {
  const p = params(req);
  const app = p.client_id ? ctx.state.appByClientId(p.client_id) : undefined;
  if (!app || app.clientSecret !== p.client_secret) {
    return answer(req, res, {
      error: 'incorrect_client_credentials',
      error_description: 'The client_id and/or client_secret passed are incorrect.',
      error_uri: `${ERROR_DOCS}#incorrect-client-credentials`,
    });
  }
  if (p.grant_type === 'refresh_token') return refresh(ctx, req, res, app, p.refresh_token);
  const code = p.code ? ctx.state.oauthCodes.get(p.code) : undefined;
  if (!code || !p.code || code.appId !== app.id || code.expiresAt <= ctx.state.now()) {
    return answer(req, res, {
      error: 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
      error_uri: `${ERROR_DOCS}#bad-verification-code`,
    });
  }
  if (code.redirectUri && p.redirect_uri && p.redirect_uri !== code.redirectUri) {
    return answer(req, res, {
      error: 'redirect_uri_mismatch',
      error_description: 'The redirect_uri MUST match the registered callback URL for this application.',
      error_uri: `${ERROR_DOCS}#redirect-uri-mismatch`,
    });
  }
  ctx.state.oauthCodes.delete(p.code);
  answer(req, res, issueUserToken(ctx, app, code.login, code.scopes));
}

// GitHub's lifetime of a refresh token: six months (docs.github.com, "Refreshing user access tokens").
const REFRESH_TOKEN_SECONDS = 15_811_200;

/** A user token: `gho_` for ever, or, where the App expires user tokens, `ghu_` with a one-use `ghr_` refresh token. */
function issueUserToken(ctx: EmulatorContext, app: App, login: string, scopes: string[]): Record<string, string> {
  const lifetime = app.userTokenLifetimeSeconds;
  const raw = mintToken(lifetime === null ? 'gho_' : 'ghu_');
  const now = ctx.state.now();
  const token: OAuthToken = {
    kind: 'oauth',
    token: raw,
    label: tokenLabel(raw),
    createdAt: now,
    expiresAt: lifetime === null ? null : now + lifetime * 1000,
    revoked: false,
    user: login,
    scopes,
    appId: app.id,
  };
  ctx.state.tokens.set(raw, token);
  const body = { access_token: raw, token_type: 'bearer', scope: scopes.join(',') };
  if (lifetime === null) return body;
  const refreshToken = mintToken('ghr_');
  ctx.state.refreshTokens.set(refreshToken, {
    appId: app.id,
    login,
    scopes,
    expiresAt: now + REFRESH_TOKEN_SECONDS * 1000,
  });
  return {
    ...body,
    expires_in: String(lifetime),
    refresh_token: refreshToken,
    refresh_token_expires_in: String(REFRESH_TOKEN_SECONDS),
  };
}

/** `grant_type=refresh_token`: a new token pair; the refresh token used is spent. */
function refresh(ctx: EmulatorContext, req: Request, res: Response, app: App, refreshToken: string | undefined): void {
  const held = refreshToken ? ctx.state.refreshTokens.get(refreshToken) : undefined;
  if (!refreshToken || !held || held.appId !== app.id || held.expiresAt <= ctx.state.now()) {
    return answer(req, res, {
      error: 'bad_refresh_token',
      error_description: 'The refresh token passed is incorrect or expired.',
      error_uri: `${ERROR_DOCS}#bad-refresh-token`,
    });
  }
  ctx.state.refreshTokens.delete(refreshToken);
  answer(req, res, issueUserToken(ctx, app, held.login, held.scopes));
}

/**
 * The OAuth web flow. [I] The seed has no OAuth Apps, so an App's client_id/secret stand in
 * for one; the tokens are `gho_` OAuth tokens carrying the scopes asked for, or, for an App that expires user
 * tokens (seed `user_token_lifetime_seconds`), `ghu_` tokens with a `ghr_` refresh token (`grant_type=refresh_token`).
 * Emulator extra: `GET /login/oauth/authorize?…&login=<user>` skips the page (headless tests).
 */
export function oauthRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.use('/login/oauth', express.urlencoded({ extended: false }), express.json());
  router.get('/login/oauth/authorize', (req, res) => {
    const p = params(req);
    if (p.login) return grant(ctx, p, res);
    const target = authorizeTarget(ctx, p, res);
    if (!target) return;
    const hidden: Record<string, string> = { client_id: target.app.clientId };
    for (const k of ['redirect_uri', 'state', 'scope']) if (p[k] !== undefined) hidden[k] = p[k];
    const users = [...ctx.state.users.values()].sort((a, b) => a.login.localeCompare(b.login));
    res
      .status(200)
      .type('html')
      .send(authorizePage(target.app.name, users, hidden, parseScopes(p.scope)));
  });
  router.post('/login/oauth/authorize', (req, res) => grant(ctx, params(req), res));
  router.post('/login/oauth/access_token', (req, res) => exchange(ctx, req, res));
  return router;
}
