import { createHmac } from 'node:crypto';
import { APP_AUTOMATIC_EVENTS, APP_HANDLED_EVENTS, APP_SUBSCRIBED_EVENTS } from '../../../src/github/app/app-events.js';
import { APP_PERMISSIONS, buildAppManifest, ISSUES_PERMISSION } from '../../../src/github/app/app-manifest.js';
import { createAppWebhooks } from '../../../src/github/app/app-webhooks.js';
import type { InstallationCache } from '../../../src/github/app/installation-cache.js';

// The App's manifest subscribes to exactly the events the webhook handler acts on, from one list.
const SECRET = 'test-secret';
const cache = { put: async () => undefined, forget: async () => undefined } as unknown as InstallationCache;
const webhooks = createAppWebhooks({ secret: SECRET, appId: 1, cache });
const deliver = (event: string, payload: unknown) => {
  const raw = JSON.stringify(payload);
  return webhooks.receive({
    rawBody: raw,
    signature: `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`,
    event,
  });
};

test('the manifest subscribes to the handled events, and every one of them reaches a handler', async () => {
  const manifest = buildAppManifest({
    publicUrl: 'https://rampart.example.com',
    redirectUrl: 'https://rampart.example.com/setup/github-app',
  });
  expect(manifest.default_events).toEqual([...APP_SUBSCRIBED_EVENTS]);
  expect(APP_HANDLED_EVENTS).toEqual([...APP_AUTOMATIC_EVENTS, ...APP_SUBSCRIBED_EVENTS]);
  // An event nobody handles falls through as "ignored: <event>"; a handled one, even with an empty payload, does not.
  expect(await deliver('star', {})).toEqual({ status: 'ignored', what: 'star' });
  for (const event of APP_HANDLED_EVENTS)
    expect(await deliver(event, {})).not.toEqual({ status: 'ignored', what: event });
});

test('the manifest asks for exactly the permissions Rampart uses; Issues only for findings issues', () => {
  const base = { publicUrl: 'https://r.example.com', redirectUrl: 'https://r.example.com/setup/github-app' };
  expect(buildAppManifest(base).default_permissions).toEqual({
    contents: 'write',
    pull_requests: 'write',
    workflows: 'write',
    metadata: 'read',
  });
  expect(buildAppManifest({ ...base, findingsIssues: true }).default_permissions).toEqual({
    ...buildAppManifest(base).default_permissions,
    issues: ISSUES_PERMISSION.level,
  });
  for (const p of Object.values(APP_PERMISSIONS)) expect(p.why.length).toBeGreaterThan(20);
  expect(buildAppManifest(base)).toMatchObject({
    name: 'Rampart r.example.com',
    hook_attributes: { url: 'https://r.example.com/api/v1/github/webhooks', active: true },
    callback_urls: ['https://r.example.com/auth/github/callback'],
    request_oauth_on_install: false,
  });
  expect(
    buildAppManifest({ publicUrl: 'https://a-very-long-host-name.rampart.example.com', redirectUrl: 'https://x' }).name,
  ).toHaveLength(34);
});
