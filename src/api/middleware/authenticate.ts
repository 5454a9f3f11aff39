import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { authenticateToken } from '../../accounts/authenticate-token.js';
import { suspensionMessage } from '../../accounts/suspend-account.js';
import { API_SCOPES } from '../../store/api-scopes.js';
import { AppError } from '../../errors.js';
import type { ApiRuntime } from '../api-runtime.js';
import { parseCookies, sessionCookieName } from '../cookies.js';
import type { AnyRoute, Principal } from '../route.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

function bearerChallenge(error: string, description: string, scope?: string): Record<string, string> {
  // RFC 6750 §3; the description is ours and holds no secret. Header values must be plain ASCII.
  const quoted = description
    .replace(/…/g, '...')
    .replace(/["\\]/g, "'")
    .replace(/[^\x20-\x7e]/g, '?');
  return {
    'www-authenticate': `Bearer realm="rampart", error="${error}", error_description="${quoted}"${scope ? `, scope="${scope}"` : ''}`,
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who is calling: a Bearer token (API or exchanged access token) or the browser session cookie.
 * Cookie requests that change state must echo the session's CSRF token in X-CSRF-Token, because
 * browsers attach cookies to requests other sites make them send.
 */
export interface AuthenticateOptions {
  /**
   * Also take the browser's `Sec-Fetch-Site: same-origin` as CSRF proof. Only for pages that cannot send the header
   * (bull-board's own script); scripts cannot forge that header, and browsers without it still need the token.
   */
  sameOriginProof?: boolean;
}

export async function authenticate(
  rt: ApiRuntime,
  req: Request,
  spec: AnyRoute,
  options: AuthenticateOptions = {},
): Promise<Principal> {
  const header = req.headers.authorization;
  let principal: Principal;
  if (header !== undefined && spec.auth !== 'session') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m?.[1]) {
      const message =
        'The Authorization header must be "Bearer <token>" with a Rampart API token (rpat_…) or access token (rpax_…).';
      throw new AppError(401, 'invalid_token', message, bearerChallenge('invalid_request', message));
    }
    const check = await authenticateToken({ store: rt.store, clock: rt.deps.clock }, m[1]);
    if (!check.ok) throw new AppError(401, check.code, check.message, bearerChallenge('invalid_token', check.message));
    const p = check.principal;
    principal = { account: p.account, scopes: p.scopes, via: p.via, tokenId: p.tokenId, session: null };
  } else {
    principal = await fromSession(rt, req, spec, options);
  }
  // Suspended: every credential of the account is refused, with why (its sessions already ended).
  if (principal.account.status === 'suspended') {
    throw new AppError(403, 'account_suspended', suspensionMessage(principal.account));
  }
  await rt.limits.user(principal.account.id);
  if (spec.scope && !principal.scopes.has(spec.scope)) {
    const has = principal.scopes.size > 0 ? [...principal.scopes].join(', ') : 'no scopes';
    const message = `This endpoint needs the ${spec.scope} scope; this token has ${has}.`;
    throw new AppError(403, 'insufficient_scope', message, bearerChallenge('insufficient_scope', message, spec.scope));
  }
  return principal;
}

async function fromSession(
  rt: ApiRuntime,
  req: Request,
  spec: AnyRoute,
  options: AuthenticateOptions,
): Promise<Principal> {
  const sessionId = parseCookies(req.headers.cookie).get(sessionCookieName(rt.secureCookies));
  const record = sessionId ? await rt.store.sessions.get(sessionId) : null;
  if (!sessionId || !record) {
    const how =
      spec.auth === 'session'
        ? 'Sign in with GitHub at /auth/github/login'
        : 'Send Authorization: Bearer <Rampart API token>, or sign in with GitHub at /auth/github/login';
    throw new AppError(
      401,
      'unauthenticated',
      `${sessionId ? 'Your session has ended' : 'You are not signed in'}. ${how}.`,
      { 'www-authenticate': 'Bearer realm="rampart"' },
    );
  }
  if (!SAFE_METHODS.has(req.method)) {
    // Another site's page can make the browser send the cookie, and may have learnt a CSRF token: refuse by origin first.
    const foreign = foreignOrigin(rt, req);
    if (foreign)
      throw new AppError(
        403,
        'csrf_failed',
        `This request uses your session cookie but comes from ${foreign}; changes with the session cookie are accepted only from pages of this Rampart.`,
      );
  }
  if (!SAFE_METHODS.has(req.method) && !(options.sameOriginProof && req.get('sec-fetch-site') === 'same-origin')) {
    const formToken = (req.body as { csrf_token?: unknown } | undefined)?.csrf_token;
    const sent = req.get(CSRF_HEADER) ?? (typeof formToken === 'string' ? formToken : undefined);
    if (!sent || !sameSecret(sent, record.csrfToken)) {
      throw new AppError(
        403,
        'csrf_failed',
        'This request uses your session cookie but lacks the CSRF token: send the csrf_token from GET /api/v1/session in the X-CSRF-Token header.',
      );
    }
  }
  const account = await rt.store.accounts.get(record.accountId);
  if (!account)
    throw new AppError(401, 'unauthenticated', 'The account of this session no longer exists; sign in again.');
  return { account, scopes: new Set(API_SCOPES), via: 'session', tokenId: null, session: { id: sessionId, record } };
}

/**
 * Where a cookie request came from when that is not this Rampart (by the browser's Origin and Sec-Fetch-Site
 * headers, which pages cannot forge), or null. Our own origin is the public URL's, or the Host the request was sent to.
 */
function foreignOrigin(rt: ApiRuntime, req: Request): string | null {
  if (req.get('sec-fetch-site') === 'cross-site') return 'another site';
  const origin = req.get('origin');
  if (origin === undefined) return null;
  if (origin === 'null') return 'an opaque origin';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'an unknown origin';
  }
  if (url.origin === new URL(rt.deps.config.publicUrl).origin || url.host === req.get('host')) return null;
  return url.origin;
}
