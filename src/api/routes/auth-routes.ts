import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { signInWithGitHub } from '../../accounts/accounts.js';
import { AppError } from '../../errors.js';
import { admitSignIn, membershipDeps, settleSignIn } from '../../accounts/membership.js';
import { authorizeUrl, OAuthSignInError, signInWithCode } from '../../github/oauth-web-flow.js';
import type { ApiRuntime } from '../api-runtime.js';
import { clearCookie, oauthStateCookieName, parseCookies, sessionCookieName, setCookie } from '../cookies.js';
import { route, type AnyRoute } from '../route.js';

const STATE_COOKIE_PATH = '/auth/github';
const STATE_TTL_SECONDS = 600;

/** Only same-site paths: anything else would make the sign-in an open redirect. */
const returnTo = z
  .string()
  .regex(/^\/(?![/\\])[^\s]*$/, 'must be a path on this site, starting with a single "/"')
  .max(2000)
  .optional();

const callbackQuery = z.object({
  code: z.string().max(1000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function authRoutes(rt: ApiRuntime): AnyRoute[] {
  const { config } = rt.deps;
  const cookie = { secure: rt.secureCookies };
  const redirectUri = `${config.publicUrl}/auth/github/callback`;
  const app = () => {
    if (!config.githubApp) {
      throw new AppError(
        404,
        'signin_unavailable',
        'Sign-in with GitHub is not configured on this Rampart (the GITHUB_APP_* settings are absent); use an API token.',
      );
    }
    return config.githubApp;
  };

  return [
    route({
      method: 'get',
      path: '/auth/github/login',
      operationId: 'signInWithGitHub',
      tag: 'sign-in',
      summary: "Starts GitHub sign-in: redirects to the GitHub App's authorization page",
      auth: 'none',
      query: z.object({ return_to: returnTo }),
      responses: {
        302: {
          description: 'To GitHub',
          headers: {
            location: "GitHub's authorization page",
            'set-cookie': 'the sign-in state, bound to this browser',
          },
        },
      },
      errors: { 404: 'Sign-in with GitHub is not configured' },
      handle: async ({ res, query }) => {
        const { clientId } = app();
        const state = await rt.store.sessions.createOAuthState(query.return_to ?? '/');
        // The state also goes in a cookie, so a callback started in another browser (login CSRF) is refused.
        setCookie(res, oauthStateCookieName(rt.secureCookies), state, {
          ...cookie,
          path: STATE_COOKIE_PATH,
          maxAgeSeconds: STATE_TTL_SECONDS,
        });
        return { status: 302, redirect: authorizeUrl({ webUrl: config.githubWebUrl, clientId, redirectUri }, state) };
      },
    }),
    route({
      method: 'get',
      path: '/auth/github/callback',
      operationId: 'gitHubSignInCallback',
      tag: 'sign-in',
      summary: 'Where GitHub sends the browser back: finishes sign-in and sets the session cookie',
      auth: 'none',
      query: callbackQuery,
      responses: {
        303: {
          description: 'Signed in; to the page sign-in started from',
          headers: { 'set-cookie': 'the session (HttpOnly, SameSite=Lax, Secure outside local development)' },
        },
      },
      errors: {
        400: 'The sign-in was refused, stale, or started in another browser',
        403: 'This Rampart admits only certain organizations and users (RAMPART_ALLOWED_ORGS, RAMPART_ALLOWED_LOGINS), or the account is suspended',
        404: 'Sign-in with GitHub is not configured',
        502: 'GitHub did not answer',
      },
      handle: async ({ req, res, query, actor }) => {
        const { clientId, clientSecret } = app();
        const stateCookie = oauthStateCookieName(rt.secureCookies);
        const cookies = parseCookies(req.headers.cookie);
        clearCookie(res, stateCookie, { ...cookie, path: STATE_COOKIE_PATH });
        if (query.error)
          throw new AppError(
            400,
            'oauth_denied',
            `GitHub did not sign you in: ${query.error_description ?? query.error}.`,
          );
        const stale = new AppError(
          400,
          'oauth_state_invalid',
          'This sign-in is stale or was started in another browser; start again at /auth/github/login.',
        );
        const browserState = cookies.get(stateCookie);
        if (!query.state || !browserState || !sameText(query.state, browserState)) throw stale;
        const pending = await rt.store.sessions.consumeOAuthState(query.state);
        if (!pending) throw stale;
        if (!query.code)
          throw new AppError(
            400,
            'oauth_failed',
            'GitHub sent no authorization code; start again at /auth/github/login.',
          );

        let signedIn;
        try {
          signedIn = await signInWithCode(
            {
              webUrl: config.githubWebUrl,
              apiUrl: config.githubApiUrl,
              clientId,
              clientSecret,
              redirectUri,
              fetch: rt.deps.fetch,
              log: rt.pats.githubLog,
            },
            query.code,
            () => rt.deps.clock.now(),
          );
        } catch (err) {
          if (!(err instanceof OAuthSignInError)) throw err;
          throw new AppError(
            err.code === 'github_unavailable' ? 502 : 400,
            err.code === 'github_unavailable' ? 'github_unavailable' : 'oauth_failed',
            err.message,
          );
        }
        const { user, token } = signedIn;
        const membership = membershipDeps({
          config,
          store: rt.store,
          vault: rt.deps.vault,
          clock: rt.deps.clock,
          fetch: rt.deps.fetch,
          log: rt.pats.githubLog,
        });
        // app() above guarantees the App, hence the dependencies.
        if (!membership)
          throw new AppError(404, 'signin_unavailable', 'Sign-in with GitHub is not configured on this Rampart.');
        // Before any account exists: someone outside the allowed organizations and logins gets none.
        const admission = await admitSignIn(membership, user, token);
        if (!admission.admitted) {
          await rt.store.audit.recordService(
            'signin.refused',
            { ...actor, via: 'github-sign-in' },
            { github_login: user.login, github_id: user.id },
          );
          throw new AppError(403, 'signin_not_allowed', admission.message);
        }
        const account = await settleSignIn(
          membership,
          await signInWithGitHub(rt.tokens, user, { ...actor, via: 'github-sign-in' }),
          admission,
          token,
        );

        // A fresh session id on every sign-in, so an id planted before sign-in is worthless.
        const previous = cookies.get(sessionCookieName(rt.secureCookies));
        if (previous) await rt.store.sessions.destroy(previous);
        const { sessionId } = await rt.store.sessions.create(account.id);
        setCookie(res, sessionCookieName(rt.secureCookies), sessionId, {
          ...cookie,
          path: '/',
          maxAgeSeconds: config.sessionTtlSeconds,
        });
        await rt.store.audit.record(
          account.id,
          'session.signed_in',
          { ...actor, via: 'github-sign-in' },
          { github_login: account.githubLogin },
        );
        return { status: 303, redirect: pending.returnTo };
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      operationId: 'signOut',
      tag: 'sign-in',
      summary: 'Ends the browser session (needs the CSRF token)',
      auth: 'session',
      responses: { 204: { description: 'Signed out; the session cookie is cleared' } },
      handle: async ({ res, principal, actor }) => {
        if (principal.session) await rt.store.sessions.destroy(principal.session.id);
        clearCookie(res, sessionCookieName(rt.secureCookies), { ...cookie, path: '/' });
        await rt.store.audit.record(principal.account.id, 'session.signed_out', actor);
        return { status: 204 };
      },
    }),
  ];
}
