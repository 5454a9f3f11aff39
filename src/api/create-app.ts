import express, { type Express } from 'express';
import helmet from 'helmet';
import { createRuntime, type ApiDeps } from './api-runtime.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { mountRoutes } from './mount-routes.js';
import { adminQueues } from './ops/admin-queues.js';
import { metricsEndpoint } from './ops/metrics-endpoint.js';
import { requestContext } from './request-context.js';
import type { AnyRoute } from './route.js';
import { accountRoutes } from './routes/account-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { githubPatRoutes } from './routes/github-pat-routes.js';
import { GITHUB_WEBHOOK_PATH, githubWebhookBodyParser, githubWebhookRoutes } from './routes/github-webhook-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { oauthTokenRoutes } from './routes/oauth-token-routes.js';
import { orchestrationRoutes } from './routes/orchestration-routes.js';
import { openApiRoutes } from './routes/openapi-routes.js';
import { policyRoutes } from './routes/policy-routes.js';
import { ruleRoutes } from './routes/rule-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { sessionAccount } from './session-account.js';
import { packageVersion } from '../package-version.js';
import { CONTENT_SECURITY_POLICY } from '../web/content-security-policy.js';
import { webRoutes } from '../web/web-routes.js';

export const BODY_LIMIT = '64kb';
const UNLIMITED_PATHS = new Set(['/healthz', '/readyz']);

/** The express app, not listening: `rampart api` and the tests both serve it. */
export function createApp(deps: ApiDeps): Express {
  const rt = createRuntime(deps);
  const app = express();
  app.set('trust proxy', deps.config.trustProxy);
  app.set('etag', false);
  app.use(requestContext(deps.logger, deps.clock));
  app.use(helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  app.use((req, res, next) => {
    // Answers carry personal data and, once, tokens: no cache may keep them.
    res.setHeader('cache-control', 'no-store');
    if (UNLIMITED_PATHS.has(req.path)) return next();
    rt.limits.ip(req.ip ?? 'unknown').then(() => next(), next);
  });
  // Webhook signatures cover the raw body, so it is read before the JSON parser could consume it.
  app.use(GITHUB_WEBHOOK_PATH, githubWebhookBodyParser(deps.config));
  app.use(express.json({ limit: BODY_LIMIT }));
  // Form bodies only where they are documented: the OAuth token endpoint (RFC 6749 clients) and the logout form.
  app.use(['/api/v1/oauth/token', '/auth/logout'], express.urlencoded({ extended: false, limit: BODY_LIMIT }));

  const routes: AnyRoute[] = [];
  routes.push(
    ...healthRoutes(rt),
    ...authRoutes(rt),
    ...sessionRoutes(rt),
    ...tokenRoutes(rt),
    ...oauthTokenRoutes(rt),
    ...githubPatRoutes(rt),
    ...githubWebhookRoutes(rt),
    ...accountRoutes(rt),
    ...auditRoutes(rt),
    ...orchestrationRoutes(rt),
    ...policyRoutes(rt),
    ...ruleRoutes(),
    ...openApiRoutes(rt, () => routes, packageVersion()),
  );
  mountRoutes(app, rt, routes);
  // Sub-routers, not API routes: neither is JSON nor in the OpenAPI document (the OpenAPI test lists route layers only).
  if (deps.config.metricsEndpoint) app.use(metricsEndpoint(rt.metrics));
  app.use(adminQueues(rt));
  // The pages get what they need from here, so the web layer never imports the API's internals.
  app.use(
    webRoutes({
      signedInUser: async (req) => {
        const account = await sessionAccount(rt, req);
        return account ? { login: account.githubLogin } : null;
      },
      notFound: notFoundHandler,
      signInConfigured: deps.config.githubApp !== null,
      githubWebUrl: deps.config.githubWebUrl,
    }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

export type { ApiDeps };
