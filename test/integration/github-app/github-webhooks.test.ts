import { createHmac } from 'node:crypto';
import type { PullRequestClosed } from '../../../src/github/app/app-webhooks.js';
import { startAppHarness, WEBHOOK_PATH, type AppHarness } from './support/app-harness.js';
import { APP, INSTALLATIONS } from './support/app-seed.js';

// POST /api/v1/github/webhooks: signature checks on the raw body, installation events, closed pull requests.
let h: AppHarness;
const closed: PullRequestClosed[] = [];
beforeEach(async () => {
  closed.length = 0;
  h = await startAppHarness({ onPullRequestClosed: async (event) => void closed.push(event) });
});
afterEach(async () => h.close());

const sign = (body: string, secret = APP.webhookSecret) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function deliver(
  body: string,
  headers: Record<string, string>,
  harness = h,
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${harness.url}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-delivery': 'd-1', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Opens pull requests on acme/api the way a job would: as the App, one commit on a new branch each. */
async function openPulls(branches: string[]): Promise<number[]> {
  const result = await h.credentials().forRepository({ repository: 'acme/api', userLogin: 'writer' });
  if (!result.ok) throw new Error(result.message);
  const gh = result.client.rest;
  const repo = { owner: 'acme', repo: 'api' };
  const main = h.emulator.control.repoState('acme', 'api').branches.main as string;
  const base = await gh.git.getCommit({ ...repo, commit_sha: main });
  const numbers: number[] = [];
  for (const branch of branches) {
    const tree = await gh.git.createTree({
      ...repo,
      base_tree: base.data.tree.sha,
      tree: [{ path: 'NOTES.md', mode: '100644', type: 'blob', content: `${branch}\n` }],
    });
    const commit = await gh.git.createCommit({ ...repo, message: branch, tree: tree.data.sha, parents: [main] });
    await gh.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
    numbers.push((await gh.pulls.create({ ...repo, title: branch, head: branch, base: 'main' })).data.number);
  }
  return numbers;
}

test('pull_request closed reaches the handler with merged true, then false; other actions are accepted and ignored', async () => {
  const [merged = 0, abandoned = 0] = await openPulls(['rampart/harden-workflows', 'rampart/other']);
  h.emulator.control.mergePull('acme', 'api', merged);
  h.emulator.control.closePull('acme', 'api', abandoned);
  await h.emulator.control.settled();
  expect(closed).toEqual([
    {
      repository: 'acme/api',
      number: merged,
      merged: true,
      headRef: 'rampart/harden-workflows',
      headRepository: 'acme/api',
    },
    { repository: 'acme/api', number: abandoned, merged: false, headRef: 'rampart/other', headRepository: 'acme/api' },
  ]);
  const deliveries = h.emulator.control.deliveries().filter((d) => d.event === 'pull_request');
  expect(deliveries.map((d) => [d.action, d.status])).toEqual([
    ['opened', 204],
    ['opened', 204],
    ['closed', 204],
    ['closed', 204],
  ]);
});

test('without a run store attached, closed pull requests are still answered 204', async () => {
  const bare = await startAppHarness();
  try {
    const body = JSON.stringify({
      action: 'closed',
      number: 7,
      repository: { full_name: 'acme/api' },
      pull_request: { number: 7, merged: true, head: { ref: 'x', repo: null } },
    });
    expect(
      (await deliver(body, { 'x-github-event': 'pull_request', 'x-hub-signature-256': sign(body) }, bare)).status,
    ).toBe(204);
  } finally {
    await bare.close();
  }
});

test('signatures: a bad or missing X-Hub-Signature-256 is 401 and changes nothing', async () => {
  const body = JSON.stringify({
    action: 'deleted',
    installation: { id: INSTALLATIONS.acme, app_id: APP.id, account: { login: 'acme' } },
  });
  const key = `${h.prefix}github-app:${APP.id}:installation:acme`;
  const bad = await deliver(body, {
    'x-github-event': 'installation',
    'x-hub-signature-256': sign(body, 'not the secret'),
  });
  expect(bad).toEqual({
    status: 401,
    json: { error: { code: 'invalid_signature', message: expect.stringMatching(/X-Hub-Signature-256/) } },
  });
  expect((await deliver(body, { 'x-github-event': 'installation' })).status).toBe(401);
  // Signed over other bytes (a re-serialised body): the raw body is what counts.
  const reformatted = JSON.stringify(JSON.parse(body), null, 2);
  expect(
    (await deliver(reformatted, { 'x-github-event': 'installation', 'x-hub-signature-256': sign(body) })).status,
  ).toBe(401);
  expect(await h.redis.get(key)).toBeNull();

  const good = await deliver(body, { 'x-github-event': 'installation', 'x-hub-signature-256': sign(body) });
  expect(good.status).toBe(204);
  expect(JSON.parse((await h.redis.get(key)) ?? '{}')).toEqual({ v: 1, installed: false });
});

test('a signed delivery without X-GitHub-Event, or with a payload that is no event, is 400', async () => {
  const body = JSON.stringify({ action: 'created' });
  expect((await deliver(body, { 'x-hub-signature-256': sign(body) })).status).toBe(400);
  const res = await deliver(body, { 'x-github-event': 'installation', 'x-hub-signature-256': sign(body) });
  expect(res.status).toBe(400);
  expect(res.json.error.code).toBe('invalid_webhook');
});

test('installation events keep the shared cache true: created and suspend write what GitHub sent', async () => {
  const key = (owner: string) => `${h.prefix}github-app:${APP.id}:installation:${owner}`;
  h.emulator.control.addInstallation({ app_id: APP.id, account: 'globex', id: 9_100_004 });
  await h.emulator.control.settled();
  expect(JSON.parse((await h.redis.get(key('globex'))) ?? '{}')).toMatchObject({
    installed: true,
    id: 9_100_004,
    account: 'globex',
    suspended: false,
  });

  const body = JSON.stringify({
    action: 'suspend',
    installation: {
      id: 9_100_004,
      app_id: APP.id,
      account: { login: 'globex' },
      suspended_at: '2030-01-01T00:00:00Z',
      html_url: 'https://github.com/organizations/globex/settings/installations/9100004',
    },
  });
  expect((await deliver(body, { 'x-github-event': 'installation', 'x-hub-signature-256': sign(body) })).status).toBe(
    204,
  );
  const result = await h.credentials().forRepository({ repository: 'globex/site', userLogin: 'writer' });
  expect(result).toMatchObject({
    ok: false,
    code: 'app_not_installed',
    message:
      'The Rampart GitHub App is suspended on globex; an owner of globex can unsuspend it at https://github.com/organizations/globex/settings/installations/9100004.',
  });

  // Another App's delivery (same secret by mistake) does not touch Rampart's cache.
  const other = JSON.stringify({
    action: 'deleted',
    installation: { id: 1, app_id: APP.id + 1, account: { login: 'globex' } },
  });
  expect((await deliver(other, { 'x-github-event': 'installation', 'x-hub-signature-256': sign(other) })).status).toBe(
    204,
  );
  expect(JSON.parse((await h.redis.get(key('globex'))) ?? '{}')).toMatchObject({ installed: true, suspended: true });
});

test('off (404) when no GitHub App is configured, and documented in the OpenAPI document', async () => {
  const off = await startAppHarness({ app: false });
  try {
    const body = '{}';
    const res = await deliver(body, { 'x-github-event': 'ping', 'x-hub-signature-256': sign(body) }, off);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  } finally {
    await off.close();
  }
  const doc = await (await fetch(`${h.url}/api/v1/openapi.json`)).json();
  const op = doc.paths[WEBHOOK_PATH].post;
  expect(op).toMatchObject({ operationId: 'receiveGitHubWebhook', security: [] });
  expect(Object.keys(op.responses).sort()).toEqual(['204', '400', '401', '404', '413', '429']);
});

test('other events (ping) are accepted with a valid signature', async () => {
  const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
  expect((await deliver(body, { 'x-github-event': 'ping', 'x-hub-signature-256': sign(body) })).status).toBe(204);
});
