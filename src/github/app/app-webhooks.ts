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

/** A closed pull request was opened again; as for closed ones, the stores decide whether it was one of Rampart's. */
export type PullRequestReopened = Omit<PullRequestClosed, 'merged'>;
export type PullRequestReopenedHandler = (event: PullRequestReopened) => Promise<void>;

/** A push, as the policies need it: where, which commits and which files each touched. */
export interface PushEvent {
  /** `owner/name` */
  repository: string;
  defaultBranch: string;
  /** `refs/heads/main` */
  ref: string;
  before: string;
  after: string;
  deleted: boolean;
  forced: boolean;
  /** At most 2048, as GitHub sends them; merge commits list the files that differ from their first parent. */
  commits: Array<{ id: string; message: string; added: string[]; modified: string[]; removed: string[] }>;
  /** The login of who pushed, when GitHub says. */
  sender: string | null;
}

/** Repositories new to the App: created in an account where it has every repository, or added to its selection. */
export interface RepositoriesAdded {
  repositories: string[];
  via: 'repository.created' | 'installation_repositories.added';
}

/** Each answers what it did, in a few words, for the log. */
export type PushHandler = (event: PushEvent) => Promise<string>;
export type RepositoriesAddedHandler = (event: RepositoriesAdded) => Promise<string>;

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
  onPullRequestReopened?: PullRequestReopenedHandler | undefined;
  onPush?: PushHandler | undefined;
  onRepositoriesAdded?: RepositoriesAddedHandler | undefined;
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

const fileList = z.array(z.string()).default([]);
const pushCommit = z.object({
  id: z.string(),
  message: z.string(),
  added: fileList,
  modified: fileList,
  removed: fileList,
});
const pushEvent = z.object({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  deleted: z.boolean().default(false),
  forced: z.boolean().default(false),
  commits: z.array(pushCommit).default([]),
  repository: z.object({ full_name: z.string().min(1), default_branch: z.string().min(1) }),
  sender: z.object({ login: z.string() }).nullable().optional(),
});
const repositoryCreatedEvent = z.object({ action: z.string(), repository: z.object({ full_name: z.string().min(1) }) });
const repositoriesAddedEvent = z.object({
  action: z.string(),
  repositories_added: z.array(z.object({ full_name: z.string().min(1) })).default([]),
});

const INSTALLED_ACTIONS = new Set(['created', 'unsuspend', 'suspend', 'new_permissions_accepted']);

/**
 * Verifies GitHub App webhook deliveries with @octokit/webhooks (HMAC-SHA256 of the raw body, compared in
 * constant time) and acts on the few events Rampart needs: installation changes keep the shared
 * installation cache true; closed and reopened pull requests go to the run store's handlers. Handling is idempotent, so
 * GitHub's redeliveries are harmless.
 */
export function createAppWebhooks(deps: AppWebhooksDeps) {
  const webhooks = new Webhooks({ secret: deps.secret });

  const onInstallation = async (payload: unknown, event: string): Promise<WebhookOutcome> => {
    const parsed = installationEvent.safeParse(payload);
    if (!parsed.success) return { status: 'invalid', message: `The ${event} payload lacks installation.id or action.` };
    const { action, installation: inst } = parsed.data;
    if (inst.app_id !== undefined && inst.app_id !== deps.appId)
      return { status: 'ignored', what: `${event} of another App` };
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
    if (!parsed.success)
      return {
        status: 'invalid',
        message: 'The pull_request payload lacks repository.full_name or pull_request.number/head.',
      };
    const { action, repository, pull_request: pr } = parsed.data;
    const what = `pull_request.${action} ${repository.full_name}#${pr.number}`;
    const event = {
      repository: repository.full_name,
      number: pr.number,
      headRef: pr.head.ref,
      headRepository: pr.head.repo?.full_name ?? null,
    };
    const { onPullRequestClosed: closed, onPullRequestReopened: reopened } = deps;
    if (action === 'closed' && closed) await closed({ ...event, merged: pr.merged === true });
    else if (action === 'reopened' && reopened) await reopened(event);
    else if (action === 'closed' || action === 'reopened')
      return { status: 'ignored', what: `${what} (no run store attached)` };
    else return { status: 'ignored', what };
    return { status: 'handled', what };
  };

  const onPush = async (payload: unknown): Promise<WebhookOutcome> => {
    const parsed = pushEvent.safeParse(payload);
    if (!parsed.success)
      return {
        status: 'invalid',
        message: 'The push payload lacks ref, before, after or repository.full_name/default_branch.',
      };
    const p = parsed.data;
    const what = `push ${p.repository.full_name} ${p.ref}`;
    if (!deps.onPush) return { status: 'ignored', what: `${what} (no policies attached)` };
    const done = await deps.onPush({
      repository: p.repository.full_name,
      defaultBranch: p.repository.default_branch,
      ref: p.ref,
      before: p.before,
      after: p.after,
      deleted: p.deleted,
      forced: p.forced,
      commits: p.commits,
      sender: p.sender?.login ?? null,
    });
    return { status: 'handled', what: `${what}: ${done}` };
  };

  const onRepositoriesAdded = async (event: string, payload: unknown): Promise<WebhookOutcome> => {
    const added =
      event === 'repository' ? repositoryCreatedEvent.safeParse(payload) : repositoriesAddedEvent.safeParse(payload);
    if (!added.success)
      return {
        status: 'invalid',
        message: `The ${event} payload lacks ${event === 'repository' ? 'repository.full_name' : 'repositories_added'}.`,
      };
    const { action } = added.data;
    if (
      (event === 'repository' && action !== 'created') ||
      (event === 'installation_repositories' && action !== 'added') ||
      !deps.onRepositoriesAdded
    ) {
      return { status: 'ignored', what: `${event}.${action}` };
    }
    const repositories =
      'repository' in added.data
        ? [added.data.repository.full_name]
        : added.data.repositories_added.map((r) => r.full_name);
    const done = await deps.onRepositoriesAdded({
      repositories,
      via: event === 'repository' ? 'repository.created' : 'installation_repositories.added',
    });
    return { status: 'handled', what: `${event}.${action} ${repositories.join(', ')}: ${done}` };
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
      if (delivery.event === 'installation') return onInstallation(payload, delivery.event);
      if (delivery.event === 'installation_repositories') {
        // The cache first: a policy's run for a repository just added may need the installation.
        const cached = await onInstallation(payload, delivery.event);
        return cached.status === 'handled'
          ? mergeOutcomes(cached, await onRepositoriesAdded(delivery.event, payload))
          : cached;
      }
      if (delivery.event === 'push') return onPush(payload);
      if (delivery.event === 'repository') return onRepositoriesAdded(delivery.event, payload);
      if (delivery.event === 'pull_request') return onPullRequest(payload);
      return { status: 'ignored', what: delivery.event };
    },
  };
}

export type AppWebhooks = ReturnType<typeof createAppWebhooks>;

function mergeOutcomes(first: WebhookOutcome & { status: 'handled' }, second: WebhookOutcome): WebhookOutcome {
  return second.status === 'handled' || second.status === 'ignored'
    ? { status: 'handled', what: `${first.what}; ${second.what}` }
    : first;
}

function isForm(contentType: string | undefined): boolean {
  return /^application\/x-www-form-urlencoded/i.test(contentType ?? '');
}
