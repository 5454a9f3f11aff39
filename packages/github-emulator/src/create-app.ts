import express, { type NextFunction, type Request, type Response } from 'express';
import type { EmulatorContext } from './context.js';
import { controlRoutes } from './control/control-routes.js';
import type { EmulatorControl } from './control/emulator-control.js';
import { htmlPages } from './control/html-pages.js';
import { ApiError } from './http/api-error.js';
import { graphqlRoutes } from './graphql/graphql-route.js';
import { apiPipeline } from './http/pipeline.js';
import { sendError } from './http/reply.js';
import { oauthRoutes } from './oauth/oauth-routes.js';
import { advisoryRoutes } from './routes/advisories.js';
import { appManifestPages, appManifestRoutes } from './routes/app-manifests.js';
import { appRoutes } from './routes/apps.js';
import { commitRoutes } from './routes/commits.js';
import { compareRoutes } from './routes/compare.js';
import { contentRoutes } from './routes/contents.js';
import { gitObjectRoutes } from './routes/git-objects.js';
import { issueRoutes } from './routes/issues.js';
import { labelRoutes } from './routes/labels.js';
import { pullRoutes } from './routes/pulls.js';
import { refRoutes } from './routes/refs.js';
import { repoRoutes } from './routes/repos.js';
import { userOrgRoutes } from './routes/user-orgs.js';
import { userRoutes } from './routes/users.js';

/** The emulator's express app: control API, OAuth pages, HTML pages, then the REST API and `POST /graphql` at the root. */
export function createApp(ctx: EmulatorContext, control: EmulatorControl): express.Express {
  const app = express();
  // Conditional requests are ours to answer (a 304 must not cost rate limit), not express's.
  app.set('etag', false);
  app.disable('x-powered-by');
  app.use('/_emulator', controlRoutes(ctx, control));
  app.use(oauthRoutes(ctx));
  app.use(appManifestPages(ctx));
  app.use(htmlPages(ctx));

  app.use(apiPipeline(ctx));
  // GitHub parses any request body as JSON, whatever its content type.
  app.use(express.json({ limit: '100mb', type: () => true }));
  for (const routes of [
    userRoutes,
    repoRoutes,
    commitRoutes,
    refRoutes,
    gitObjectRoutes,
    contentRoutes,
    pullRoutes,
    issueRoutes,
    labelRoutes,
    appRoutes,
    graphqlRoutes,
    appManifestRoutes,
    userOrgRoutes,
    advisoryRoutes,
    compareRoutes,
  ])
    app.use(routes(ctx));
  app.use((_req: Request, _res: Response) => {
    throw new ApiError(404, 'Not Found');
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ApiError) return sendError(res, err);
    if (typeof err === 'object' && err !== null && (err as { type?: string }).type === 'entity.parse.failed') {
      return sendError(res, new ApiError(400, 'Problems parsing JSON'));
    }
    console.error('[github-emulator] internal error:', err);
    sendError(res, new ApiError(500, 'Server Error'));
  });
  return app;
}
