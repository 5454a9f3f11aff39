import express, { type RequestHandler } from 'express';
import type { Config } from '../../config/load-config.js';
import { AppError } from '../../errors.js';
import { createAppWebhooks } from '../../github/app/app-webhooks.js';
import { installationCache } from '../../github/app/installation-cache.js';
import type { ApiRuntime } from '../api-runtime.js';
import { route, type AnyRoute } from '../route.js';
import { policyWebhookTriggers } from './policy-webhook-triggers.js';

export const GITHUB_WEBHOOK_PATH = '/api/v1/github/webhooks';

// GitHub caps deliveries at 25 MB; Rampart's events (installation with its repository list, pull_request)
// stay far below 5 MB, and an unauthenticated endpoint should not buffer more before the signature check.
const WEBHOOK_BODY_LIMIT = '5mb';

/**
 * Mount at GITHUB_WEBHOOK_PATH before `express.json()`: the signature covers the exact bytes GitHub sent,
 * which a JSON parser would consume. Reads nothing when webhooks are off.
 */
export function githubWebhookBodyParser(config: Pick<Config, 'githubApp'>): RequestHandler {
  if (!config.githubApp?.webhookSecret) return (_req, _res, next) => next();
  return express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function githubWebhookRoutes(rt: ApiRuntime): AnyRoute[] {
  const { config, redis } = rt.deps;
  const app = config.githubApp;
  const webhooks = app?.webhookSecret
    ? createAppWebhooks({
        secret: app.webhookSecret,
        appId: app.appId,
        cache: installationCache({ redis, prefix: config.redisPrefix, appId: app.appId }),
        // By default the run store records it, so a run shows which of its pull requests were merged or closed.
        onPullRequestClosed:
          rt.deps.onPullRequestClosed ??
          (async (e) => void (await rt.store.runs.recordPullRequestClosed(e.repository, e.number, e.merged))),
        // Reopened: open again in its run and the repository's state, and its changes are no longer declined.
        onPullRequestReopened: async (e) => {
          await rt.store.runs.recordPullRequestReopened(e.repository, e.number);
          await rt.store.declinedChanges.forgetPullRequest(e.repository, e.number);
        },
        // Policies: pushes to a default branch and new repositories may start runs.
        ...policyWebhookTriggers(rt),
      })
    : null;
  return [
    route({
      method: 'post',
      path: GITHUB_WEBHOOK_PATH,
      operationId: 'receiveGitHubWebhook',
      tag: 'github-app',
      summary: "Receives the Rampart GitHub App's webhook deliveries",
      description:
        "Set this URL and the App's webhook secret (GITHUB_APP_WEBHOOK_SECRET) in the GitHub App's settings. Each delivery must carry X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the secret) and X-GitHub-Event; the body is GitHub's JSON payload (or `payload=<json>` form-encoded). Handled: `installation` and `installation_repositories` keep Rampart's installation cache true; `pull_request` closed (merged or not) or reopened updates the pull request's state in its run and the repository's state (reopening also forgets that its changes were declined); `push` to a default branch changing a workflow, action or Dependabot file, `repository` created and `installation_repositories` added start the runs of the policies concerned. Other events are accepted and ignored. Off (404) when no GitHub App is configured.",
      auth: 'none',
      responses: { 204: { description: 'Accepted: handled, or an event Rampart does not need' } },
      errors: {
        400: 'The X-GitHub-Event header is missing, or the signed payload is not a valid event',
        401: 'The X-Hub-Signature-256 header is missing or does not match the body',
        404: 'Webhooks are off: no GitHub App is configured',
        413: 'The body is larger than 5 MB',
      },
      handle: async ({ req, log }) => {
        if (!webhooks)
          throw new AppError(
            404,
            'not_found',
            `There is no POST ${GITHUB_WEBHOOK_PATH}: GitHub App webhooks are not configured on this server.`,
          );
        const body: unknown = req.body;
        if (body !== undefined && !Buffer.isBuffer(body) && Object.keys(body as object).length > 0) {
          // Parsed before it got here: githubWebhookBodyParser is not mounted ahead of express.json().
          log.error(
            'the GitHub webhook route received a parsed body; mount githubWebhookBodyParser before express.json()',
          );
          throw new AppError(500, 'internal', "Something went wrong on Rampart's side.");
        }
        const outcome = await webhooks.receive({
          rawBody: Buffer.isBuffer(body) ? body : '',
          signature: header(req.headers['x-hub-signature-256']),
          event: header(req.headers['x-github-event']),
          contentType: header(req.headers['content-type']),
        });
        if (outcome.status === 'bad-signature') {
          throw new AppError(
            401,
            'invalid_signature',
            'The X-Hub-Signature-256 header is missing or does not match the body and the webhook secret.',
          );
        }
        if (outcome.status === 'invalid') throw new AppError(400, 'invalid_webhook', outcome.message);
        log.info(
          {
            delivery: header(req.headers['x-github-delivery']),
            event: header(req.headers['x-github-event']),
            outcome: outcome.status,
            what: outcome.what,
          },
          'github webhook',
        );
        return { status: 204 };
      },
    }),
  ];
}
