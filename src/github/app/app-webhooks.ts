import { Webhooks } from '@octokit/webhooks';
import { z } from 'zod';
import type { InstallationCache } from './installation-cache.js';
import { installationRecord } from './lookup-installation.js';

/** A pull request was closed, merged or not; the run store decides whether it was one of Rampart's. */
export interface PullRequestClosed {
  /** The base repository, `owner/name`. */
  repository: string;
  number: number;
  merged: boolean;
  /** The branch the pull request came from. */
  headRef: string;
  /** Where that branch lives (`owner/name`), null when the fork was deleted: a fork can reuse Rampart's branch name. */
  headRepository: string | null;
}

export type PullRequestClosedHandler = (event: PullRequestClosed) => Promise<void>;

export interface WebhookDelivery {
  /** The body exactly as received: the signature covers these bytes. */
  rawBody: Buffer | string;
  /** `X-Hub-Signature-256` */
  signature: string | undefined;
  /** `X-GitHub-Event` */
  event: string | undefined;
  /** GitHub sends JSON, or `payload=<json>` form-encoded when the webhook is set up that way. */
  contentType?: string | undefined;
}

export type WebhookOutcome =
  | { status: 'bad-signature' }
  | { status: 'invalid'; message: string }
  | { status: 'handled'; what: string }
  | { status: 'ignored'; what: string };

export interface AppWebhooksDeps {
  secret: string;
  appId: number;
  cache: InstallationCache;
  onPullRequestClosed?: PullRequestClosedHandler | undefined;
}

const account = z.object({ login: z.string().min(1) });
const installation = z.object({
  id: z.number().int().positive(),
  app_id: z.number().int().optional(),
  account: account.nullable().optional(),
  suspended_at: z.string().nullable().optional(),
  html_url: z.string().optional(),
});
const installationEvent = z.object({ action: z.string(), installation });
const pullRequestEvent = z.object({
  action: z.string(),
  repository: z.object({ full_name: z.string().min(1) }),
  pull_request: z.object({
    number: z.number().int().positive(),
    merged: z.boolean().nullable().optional(),
    head: z.object({ ref: z.string(), repo: z.object({ full_name: z.string() }).nullable().optional() }),
  }),
});

const INSTALLED_ACTIONS = new Set(['created', 'unsuspend', 'suspend', 'new_permissions_accepted']);

/**
 * Verifies GitHub App webhook deliveries with @octokit/webhooks (HMAC-SHA256 of the raw body, compared in
 * constant time) and acts on the few events Rampart needs: installation changes keep the shared
 * installation cache true; closed pull requests go to the run store's handler. Handling is idempotent, so
 * GitHub's redeliveries are harmless.
 */
export function createAppWebhooks(deps: AppWebhooksDeps) {
  const webhooks = new Webhooks({ secret: deps.secret });

  const onInstallation = async (payload: unknown, event: string): Promise<WebhookOutcome> => {
    const parsed = installationEvent.safeParse(payload);
    if (!parsed.success) return { status: 'invalid', message: `The ${event} payload lacks installation.id or action.` };
    const { action, installation: inst } = parsed.data;
    if (inst.app_id !== undefined && inst.app_id !== deps.appId) return { status: 'ignored', what: `${event} of another App` };
    const owner = inst.account?.login;
    if (!owner) return { status: 'invalid', message: `The ${event} payload lacks installation.account.login.` };
    const what = `${event}.${action} for ${owner}`;
    if (event === 'installation' && action === 'deleted') {
      await deps.cache.put(owner, { installed: false });
    } else if (event === 'installation_repositories' || INSTALLED_ACTIONS.has(action)) {
      // The payload carries the installation as it now is (suspended_at included): no need to ask GitHub.
      await deps.cache.put(owner, { installed: true, installation: installationRecord(inst, owner) });
    } else {
      // An action this code does not know: forget, so the next use asks GitHub.
      await deps.cache.forget(owner);
    }
    return { status: 'handled', what };
  };

  const onPullRequest = async (payload: unknown): Promise<WebhookOutcome> => {
    const parsed = pullRequestEvent.safeParse(payload);
    if (!parsed.success) return { status: 'invalid', message: 'The pull_request payload lacks repository.full_name or pull_request.number/head.' };
    const { action, repository, pull_request: pr } = parsed.data;
    const what = `pull_request.${action} ${repository.full_name}#${pr.number}`;
    if (action !== 'closed') return { status: 'ignored', what };
    if (!deps.onPullRequestClosed) return { status: 'ignored', what: `${what} (no run store attached)` };
    await deps.onPullRequestClosed({
      repository: repository.full_name,
      number: pr.number,
      merged: pr.merged === true,
      headRef: pr.head.ref,
      headRepository: pr.head.repo?.full_name ?? null,
    });
    return { status: 'handled', what };
  };

  return {
    async receive(delivery: WebhookDelivery): Promise<WebhookOutcome> {
      const raw = typeof delivery.rawBody === 'string' ? delivery.rawBody : delivery.rawBody.toString('utf8');
      const signature = delivery.signature ?? '';
      const valid = signature !== '' && raw !== '' && (await webhooks.verify(raw, signature).catch(() => false));
      if (!valid) return { status: 'bad-signature' };
      if (!delivery.event) return { status: 'invalid', message: 'The X-GitHub-Event header is missing.' };
      let payload: unknown;
      try {
        payload = JSON.parse(isForm(delivery.contentType) ? (new URLSearchParams(raw).get('payload') ?? '') : raw);
      } catch {
        return { status: 'invalid', message: 'The webhook payload is not valid JSON.' };
      }
      if (delivery.event === 'installation' || delivery.event === 'installation_repositories') return onInstallation(payload, delivery.event);
      if (delivery.event === 'pull_request') return onPullRequest(payload);
      return { status: 'ignored', what: delivery.event };
    },
  };
}

export type AppWebhooks = ReturnType<typeof createAppWebhooks>;

function isForm(contentType: string | undefined): boolean {
  return /^application\/x-www-form-urlencoded/i.test(contentType ?? '');
}
