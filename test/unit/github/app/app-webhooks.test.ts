import { createHmac } from 'node:crypto';
import { createAppWebhooks, type PullRequestClosed } from '../../../../src/github/app/app-webhooks.js';
import type { InstallationCache, InstallationState } from '../../../../src/github/app/installation-cache.js';

const SECRET = "It's a Secret to Everybody";
const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function fakeCache() {
  const changes: Array<[string, InstallationState | null]> = [];
  const cache = {
    put: async (owner: string, state: InstallationState) => void changes.push([owner, state]),
    forget: async (owner: string) => void changes.push([owner, null]),
  } as unknown as InstallationCache;
  return { cache, changes };
}

function setup(withHandler = true) {
  const { cache, changes } = fakeCache();
  const closed: PullRequestClosed[] = [];
  const hooks = createAppWebhooks({
    secret: SECRET,
    appId: 42,
    cache,
    ...(withHandler ? { onPullRequestClosed: async (e: PullRequestClosed) => void closed.push(e) } : {}),
  });
  // `null`: no X-Hub-Signature-256 header at all.
  const receive = (
    event: string | undefined,
    body: string,
    signature: string | null = sign(body),
    contentType = 'application/json',
  ) => hooks.receive({ rawBody: Buffer.from(body), signature: signature ?? undefined, event, contentType });
  return { receive, changes, closed };
}

test("verifies GitHub's documented test vector on the raw body (which is no JSON, so it is then refused as invalid)", async () => {
  const { receive } = setup();
  const vector = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
  expect(await receive('ping', 'Hello, World!', vector)).toEqual({
    status: 'invalid',
    message: 'The webhook payload is not valid JSON.',
  });
  expect(await receive('ping', 'Hello, World?', vector)).toEqual({ status: 'bad-signature' });
  expect(await receive('ping', 'Hello, World!', null)).toEqual({ status: 'bad-signature' });
  expect(await receive('ping', 'Hello, World!', 'sha256=')).toEqual({ status: 'bad-signature' });
  expect(await receive('ping', '', sign(''))).toEqual({ status: 'bad-signature' });
});

test('installation actions: created/unsuspend/new_permissions_accepted/suspend write the installation, deleted writes "not installed"', async () => {
  const { receive, changes } = setup();
  const inst = (extra: Record<string, unknown> = {}) => ({
    id: 7,
    app_id: 42,
    account: { login: 'Acme' },
    html_url: 'https://github.com/organizations/Acme/settings/installations/7',
    suspended_at: null,
    ...extra,
  });
  for (const action of ['created', 'unsuspend', 'new_permissions_accepted']) {
    expect((await receive('installation', JSON.stringify({ action, installation: inst() }))).status).toBe('handled');
  }
  await receive(
    'installation',
    JSON.stringify({ action: 'suspend', installation: inst({ suspended_at: '2030-01-01T00:00:00Z' }) }),
  );
  await receive('installation', JSON.stringify({ action: 'deleted', installation: inst() }));
  await receive(
    'installation_repositories',
    JSON.stringify({ action: 'removed', installation: inst(), repositories_removed: [{ full_name: 'Acme/api' }] }),
  );
  await receive('installation', JSON.stringify({ action: 'something_new', installation: inst() }));
  const record = {
    id: 7,
    account: 'Acme',
    suspended: false,
    settingsUrl: 'https://github.com/organizations/Acme/settings/installations/7',
  };
  expect(changes).toEqual([
    ['Acme', { installed: true, installation: record }],
    ['Acme', { installed: true, installation: record }],
    ['Acme', { installed: true, installation: record }],
    ['Acme', { installed: true, installation: { ...record, suspended: true } }],
    ['Acme', { installed: false }],
    ['Acme', { installed: true, installation: record }],
    ['Acme', null],
  ]);
});

test("another App's installation events are ignored; payloads without an account are invalid", async () => {
  const { receive, changes } = setup();
  expect(
    (
      await receive(
        'installation',
        JSON.stringify({ action: 'deleted', installation: { id: 1, app_id: 43, account: { login: 'x' } } }),
      )
    ).status,
  ).toBe('ignored');
  expect(
    (
      await receive(
        'installation',
        JSON.stringify({ action: 'deleted', installation: { id: 1, app_id: 42, account: null } }),
      )
    ).status,
  ).toBe('invalid');
  expect(changes).toEqual([]);
});

test('pull_request: closed goes to the handler (merged or not), other actions and missing handler are ignored', async () => {
  const pr = (action: string, merged: boolean | null, headRepo: unknown = { full_name: 'acme/api' }) =>
    JSON.stringify({
      action,
      number: 5,
      repository: { full_name: 'acme/api' },
      pull_request: { number: 5, merged, head: { ref: 'rampart/harden-workflows', repo: headRepo } },
    });
  const { receive, closed } = setup();
  expect((await receive('pull_request', pr('closed', true))).status).toBe('handled');
  expect((await receive('pull_request', pr('closed', false, null))).status).toBe('handled');
  expect((await receive('pull_request', pr('opened', null))).status).toBe('ignored');
  expect(closed).toEqual([
    {
      repository: 'acme/api',
      number: 5,
      merged: true,
      headRef: 'rampart/harden-workflows',
      headRepository: 'acme/api',
    },
    { repository: 'acme/api', number: 5, merged: false, headRef: 'rampart/harden-workflows', headRepository: null },
  ]);
  const bare = setup(false);
  expect((await bare.receive('pull_request', pr('closed', true))).status).toBe('ignored');
});

test('form-encoded deliveries: the signature covers the form body, the event is its payload field', async () => {
  const { receive, closed } = setup();
  const json = JSON.stringify({
    action: 'closed',
    repository: { full_name: 'acme/api' },
    pull_request: { number: 9, merged: true, head: { ref: 'b', repo: null } },
  });
  const form = new URLSearchParams({ payload: json }).toString();
  expect((await receive('pull_request', form, sign(form), 'application/x-www-form-urlencoded')).status).toBe('handled');
  expect((await receive('pull_request', form, sign(json), 'application/x-www-form-urlencoded')).status).toBe(
    'bad-signature',
  );
  expect(closed.map((c) => c.number)).toEqual([9]);
});
