/**
 * The webhook events Rampart's GitHub App subscribes to, each handled by app-webhooks.ts; the App manifest's
 * `default_events` is this list, so what GitHub sends and what Rampart handles cannot drift apart. Add an event here
 * together with its handler (test/unit/github/app-events.test.ts checks that every one is handled).
 */
export const APP_SUBSCRIBED_EVENTS = [
  /** Needs Pull requests: read; `closed` tells Rampart whether its pull request was merged or declined, `reopened` that it is open again. */
  'pull_request',
  /** Needs Contents: read; a push to a default branch changing a workflow starts the runs of the policies on push. */
  'push',
  /** Needs Metadata: read; `created` starts the runs of the policies covering new repositories. */
  'repository',
] as const;

/** Sent to every GitHub App without subscribing: installing, suspending, uninstalling, and repositories added or removed. */
export const APP_AUTOMATIC_EVENTS = ['installation', 'installation_repositories'] as const;

export type AppWebhookEvent = (typeof APP_SUBSCRIBED_EVENTS)[number] | (typeof APP_AUTOMATIC_EVENTS)[number];

/** Every event a delivery may carry that Rampart acts on. */
export const APP_HANDLED_EVENTS: readonly AppWebhookEvent[] = [...APP_AUTOMATIC_EVENTS, ...APP_SUBSCRIBED_EVENTS];
