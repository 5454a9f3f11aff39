import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ApiRuntime } from '../api/api-runtime.js';
import { parseCookies, sessionCookieName } from '../api/cookies.js';
import { notFoundHandler } from '../api/errors.js';
import { packageRoot } from '../package-version.js';
import type { Account } from '../store/account-store.js';
import { renderPage, type Page } from './page-shell.js';
import { optionsSettingsPage } from './pages/options-settings-page.js';
import { patSettingsPage } from './pages/pat-settings-page.js';
import { repositoriesPage } from './pages/repositories-page.js';
import { runPage } from './pages/run-page.js';
import { runsPage } from './pages/runs-page.js';
import { signInPage } from './pages/sign-in-page.js';
import { tokensSettingsPage } from './pages/tokens-settings-page.js';

/** Same rule as the sign-in's return_to: a path on this site, never another origin. */
const localPath = z.string().regex(/^\/(?![/\\])[^\s]*$/).max(2000);
const RUN_ID = /^run_[A-Za-z0-9_-]{1,64}$/;

/**
 * The web pages: HTML shells rendered here, filled in by one script module that calls the same JSON API as every
 * other client. A sub-router, like /metrics: pages are not API routes and are not in the OpenAPI document.
 */
export function webRoutes(rt: ApiRuntime): Router {
  const router = Router();
  const root = packageRoot();
  const signInConfigured = rt.deps.config.githubApp !== null;

  // Compiled by `npm run build` from src/web/client; the stylesheet is served as written.
  const statics = { index: false, dotfiles: 'ignore' as const, fallthrough: true, etag: true, setHeaders: (res: Response) => res.setHeader('cache-control', 'no-cache') };
  router.use('/assets/js', express.static(`${root}/dist/src/web/client`, statics));
  router.get('/assets/rampart.css', (req, res) =>
    res.sendFile(`${root}/src/web/assets/rampart.css`, { headers: { 'cache-control': 'no-cache' } }, (err) => err && !res.headersSent && notFoundHandler(req, res)),
  );

  const signedInAccount = async (req: Request): Promise<Account | null> => {
    const id = parseCookies(req.headers.cookie).get(sessionCookieName(rt.secureCookies));
    const session = id ? await rt.store.sessions.get(id) : null;
    return session ? rt.store.accounts.get(session.accountId) : null;
  };
  const send = (res: Response, page: Page, account: Account | null) => {
    res.type('html').send(renderPage(page, account ? { login: account.githubLogin } : null));
  };
  /** A page for signed-in users; anyone else is sent to sign in and brought back. */
  const page = (path: string, build: (req: Request) => Page | null) => {
    router.get(path, async (req, res, next) => {
      try {
        const account = await signedInAccount(req);
        if (!account) return res.redirect(303, `/sign-in?return_to=${encodeURIComponent(req.originalUrl)}`);
        const built = build(req);
        if (!built) return next();
        send(res, built, account);
      } catch (err) {
        next(err);
      }
    });
  };

  router.get('/', async (req, res, next) => {
    signedInAccount(req).then((account) => res.redirect(303, account ? '/repositories' : '/sign-in'), next);
  });
  router.get('/sign-in', async (req, res, next) => {
    try {
      const wanted = localPath.safeParse(req.query.return_to);
      const returnTo = wanted.success ? wanted.data : '/repositories';
      if (await signedInAccount(req)) return res.redirect(303, returnTo);
      send(res, signInPage(returnTo, signInConfigured), null);
    } catch (err) {
      next(err);
    }
  });
  page('/repositories', () => repositoriesPage());
  page('/runs', () => runsPage());
  page('/runs/:id', (req) => (RUN_ID.test(String(req.params.id)) ? runPage(String(req.params.id)) : null));
  router.get('/settings', (_req, res) => res.redirect(303, '/settings/pat'));
  page('/settings/pat', () => patSettingsPage(rt.deps.config.githubWebUrl));
  page('/settings/options', () => optionsSettingsPage());
  page('/settings/tokens', () => tokensSettingsPage());
  return router;
}
