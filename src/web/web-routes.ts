import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { packageRoot } from '../package-version.js';
import { renderPage, type Page } from './page-shell.js';
import { appCreatedPage } from './pages/app-created-page.js';
import { auditPage } from './pages/audit-page.js';
import { optionsSettingsPage } from './pages/options-settings-page.js';
import { patSettingsPage } from './pages/pat-settings-page.js';
import { policiesPage } from './pages/policies-page.js';
import { repositoriesPage } from './pages/repositories-page.js';
import { runPage } from './pages/run-page.js';
import { runsPage } from './pages/runs-page.js';
import { signInPage } from './pages/sign-in-page.js';
import { tokensSettingsPage } from './pages/tokens-settings-page.js';

/** Same rule as the sign-in's return_to: a path on this site, never another origin. */
const localPath = z
  .string()
  .regex(/^\/(?![/\\])[^\s]*$/)
  .max(2000);
const RUN_ID = /^run_[A-Za-z0-9_-]{1,64}$/;

/** What the pages need from the app that mounts them; the API's session and errors stay the API's. */
export interface WebDeps {
  /** Who this request's session cookie belongs to, or null: only to choose between a page and sign-in. */
  signedInUser: (req: Request) => Promise<{ login: string } | null>;
  /** The app's 404 answer, for assets that are not there. */
  notFound: (req: Request, res: Response) => void;
  /** Whether sign-in with GitHub is set up (a GitHub App is configured). */
  signInConfigured: boolean;
  /** GitHub's web origin, for links to its token settings. */
  githubWebUrl: string;
}

/**
 * The web pages: HTML shells rendered here, filled in by one script module that calls the same JSON API as every
 * other client. A sub-router, like /metrics: pages are not API routes and are not in the OpenAPI document.
 */
export function webRoutes(deps: WebDeps): Router {
  const router = Router();
  const root = packageRoot();
  const { signedInUser, notFound, signInConfigured } = deps;

  // Compiled by `npm run build` from src/web/client; the stylesheet is served as written.
  const statics = {
    index: false,
    dotfiles: 'ignore' as const,
    fallthrough: true,
    etag: true,
    setHeaders: (res: Response) => res.setHeader('cache-control', 'no-cache'),
  };
  router.use('/assets/js', express.static(`${root}/dist/src/web/client`, statics));
  router.get('/assets/rampart.css', (req, res) =>
    res.sendFile(
      `${root}/src/web/assets/rampart.css`,
      { headers: { 'cache-control': 'no-cache' } },
      (err) => err && !res.headersSent && notFound(req, res),
    ),
  );

  const send = (res: Response, page: Page, user: { login: string } | null) => {
    res.type('html').send(renderPage(page, user));
  };
  /** A page for signed-in users; anyone else is sent to sign in and brought back. */
  const page = (path: string, build: (req: Request) => Page | null) => {
    router.get(path, async (req, res, next) => {
      try {
        const user = await signedInUser(req);
        if (!user) return res.redirect(303, `/sign-in?return_to=${encodeURIComponent(req.originalUrl)}`);
        const built = build(req);
        if (!built) return next();
        send(res, built, user);
      } catch (err) {
        next(err);
      }
    });
  };

  router.get('/', async (req, res, next) => {
    signedInUser(req).then((user) => res.redirect(303, user ? '/repositories' : '/sign-in'), next);
  });
  // Where GitHub sends the operator after creating the App from its manifest (rampart admin app-manifest); no sign-in.
  router.get('/setup/github-app', (req, res) =>
    send(res, appCreatedPage(typeof req.query.code === 'string' ? req.query.code : null), null),
  );
  router.get('/sign-in', async (req, res, next) => {
    try {
      const wanted = localPath.safeParse(req.query.return_to);
      const returnTo = wanted.success ? wanted.data : '/repositories';
      if (await signedInUser(req)) return res.redirect(303, returnTo);
      send(res, signInPage(returnTo, signInConfigured), null);
    } catch (err) {
      next(err);
    }
  });
  page('/repositories', () => repositoriesPage());
  page('/runs', () => runsPage());
  page('/audit', () => auditPage());
  page('/policies', () => policiesPage());
  page('/runs/:id', (req) => (RUN_ID.test(String(req.params.id)) ? runPage(String(req.params.id)) : null));
  router.get('/settings', (_req, res) => res.redirect(303, '/settings/pat'));
  page('/settings/pat', () => patSettingsPage(deps.githubWebUrl));
  page('/settings/options', () => optionsSettingsPage());
  page('/settings/tokens', () => tokensSettingsPage());
  return router;
}
