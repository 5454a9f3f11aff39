import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { ADMIN_CONTENT_SECURITY_POLICY } from '../../web/content-security-policy.js';
import type { ApiRuntime } from '../api-runtime.js';
import { notFoundHandler } from '../errors.js';
import { authenticate } from '../middleware/authenticate.js';
import type { AnyRoute } from '../route.js';

export const ADMIN_QUEUES_PATH = '/admin/queues';

/** bull-board acts on every user's jobs: a session, or a token given the admin scope for it. */
const OPERATOR_SPEC = { scope: 'admin' } as AnyRoute;

/**
 * bull-board for operators: the caller must authenticate like any API caller (Bearer token with the admin scope, or
 * session cookie with the CSRF header for changes) as an account whose GitHub user id is in RAMPART_OPERATOR_LOGINS.
 * Everyone else, signed in or not, gets the API's ordinary 404, so the page's existence is not advertised. A
 * sub-router: not an API route, not in the OpenAPI document.
 */
export function adminQueues(rt: ApiRuntime): Router {
  const router = Router();
  // By id: a login its owner renamed can be claimed by someone else, who must get nothing.
  const operators = new Set(rt.deps.config.operators.map((o) => o.githubId));
  const guard: RequestHandler = (req, res, next) => {
    if (operators.size === 0) return notFoundHandler(req, res);
    authenticate(rt, req, OPERATOR_SPEC, { sameOriginProof: true }).then(
      ({ account }) =>
        account.githubId !== null && operators.has(account.githubId) ? next() : notFoundHandler(req, res),
      () => notFoundHandler(req, res),
    );
  };
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(rt.queue), new BullMQAdapter(rt.policyQueue)],
    serverAdapter,
  });
  router.use(
    ADMIN_QUEUES_PATH,
    guard,
    helmet.contentSecurityPolicy(ADMIN_CONTENT_SECURITY_POLICY),
    // @bull-board/express declares getRouter(): any; it returns an express Router.
    serverAdapter.getRouter() as Router,
  );
  return router;
}
