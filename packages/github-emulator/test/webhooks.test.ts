import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhookPayload, verifyWebhookSignature, type EmulatorHandle } from '../src/index.js';
import { APP, CLASSIC, INSTALLATION_ID, client, startSample } from './helpers.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let em: EmulatorHandle;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(req.url === '/fail' ? 500 : 202).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));
beforeEach(async () => {
  received.length = 0;
  em = await startSample(undefined, { webhook: { url: `${receiverUrl}/repo-hook`, secret: 'repo secret' } });
});
afterEach(() => em.close());

/** Deliveries received for a hook target type: `repository` (the global hook) or `integration` (the App). */
const events = (targetType: string) =>
  received.filter((r) => r.headers['x-github-hook-installation-target-type'] === targetType);

test('HMAC-SHA256 signature matches GitHub’s documented test vector', () => {
  expect(signWebhookPayload("It's a Secret to Everybody", 'Hello, World!')).toBe(
    'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
  );
  expect(
    verifyWebhookSignature(
      "It's a Secret to Everybody",
      'Hello, World!',
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    ),
  ).toBe(true);
  expect(
    verifyWebhookSignature(
      "It's a Secret to Everybody",
      'Hello, World?',
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    ),
  ).toBe(false);
});

test('pull_request opened and closed (merged) reach the repo hook and the App, signed with each secret', async () => {
  em.control.setWebhook({ app_id: APP.id, url: `${receiverUrl}/app-hook` });
  const gh = client(em, CLASSIC);
  const repo = { owner: 'acme', repo: 'api' };
  const main = (await gh.rest.repos.getBranch({ ...repo, branch: 'main' })).data.commit;
  const tree = await gh.rest.git.createTree({
    ...repo,
    base_tree: main.commit.tree.sha,
    tree: [{ path: 'x.txt', mode: '100644', type: 'blob', content: 'x\n' }],
  });
  const commit = await gh.rest.git.createCommit({ ...repo, message: 'x', tree: tree.data.sha, parents: [main.sha] });
  await gh.rest.git.createRef({ ...repo, ref: 'refs/heads/feature', sha: commit.data.sha });
  await gh.rest.pulls.create({ ...repo, title: 'Feature', head: 'feature', base: 'main' });
  em.control.mergePull('acme', 'api', 1);
  await em.control.settled();

  // The branch created and the merge also send `push` (test/push-events.test.ts); here, the pull requests.
  const repoHook = events('repository').filter((r) => r.headers['x-github-event'] === 'pull_request');
  expect(repoHook.map((r) => JSON.parse(r.body).action)).toEqual(['opened', 'closed']);
  for (const r of repoHook) {
    expect(r.headers['x-github-event']).toBe('pull_request');
    expect(r.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(verifyWebhookSignature('repo secret', r.body, String(r.headers['x-hub-signature-256']))).toBe(true);
  }
  const closed = JSON.parse(repoHook[1]?.body ?? '{}');
  expect(closed).toMatchObject({
    number: 1,
    pull_request: { merged: true, state: 'closed' },
    repository: { full_name: 'acme/api' },
    sender: { login: 'alice' },
  });

  const appHook = events('integration').filter((r) => r.headers['x-github-event'] === 'pull_request');
  expect(appHook).toHaveLength(2);
  expect(JSON.parse(appHook[0]?.body ?? '{}').installation).toMatchObject({ id: INSTALLATION_ID });
  expect(
    verifyWebhookSignature(
      APP.webhook_secret ?? '',
      appHook[0]?.body ?? '',
      String(appHook[0]?.headers['x-hub-signature-256']),
    ),
  ).toBe(true);
  expect(
    em.control
      .deliveries()
      .filter((d) => d.event === 'pull_request')
      .map((d) => [d.event, d.action, d.status]),
  ).toEqual([
    ['pull_request', 'opened', 202],
    ['pull_request', 'opened', 202],
    ['pull_request', 'closed', 202],
    ['pull_request', 'closed', 202],
  ]);
});

test('installation created and deleted go to the App; failed deliveries are logged, not retried', async () => {
  em.control.setWebhook({ url: null });
  em.control.setWebhook({ app_id: APP.id, url: `${receiverUrl}/app-hook` });
  const inst = em.control.addInstallation({ app_id: APP.id, account: 'alice', repositories: ['alice/dotfiles'] });
  em.control.removeInstallation(Number(inst.id));
  await em.control.settled();
  const payloads = received.map((r) => JSON.parse(r.body));
  expect(received.map((r) => r.headers['x-github-event'])).toEqual(['installation', 'installation']);
  expect(payloads.map((p) => p.action)).toEqual(['created', 'deleted']);
  expect(payloads[0]).toMatchObject({
    installation: { id: inst.id, account: { login: 'alice' } },
    repositories: [{ full_name: 'alice/dotfiles' }],
    sender: { login: 'alice' },
  });

  em.control.setWebhook({ app_id: APP.id, url: `${receiverUrl}/fail` });
  const bob = em.control.addInstallation({ app_id: APP.id, account: 'bob' });
  em.control.setWebhook({ app_id: APP.id, url: 'http://127.0.0.1:9/unreachable' });
  em.control.removeInstallation(Number(bob.id));
  await em.control.settled();
  const [failed, unreachable] = em.control.deliveries().slice(-2);
  expect(failed).toMatchObject({ event: 'installation', action: 'created', status: 500, error: null });
  expect(unreachable).toMatchObject({ action: 'deleted', status: null });
  expect(unreachable?.error).toBeTruthy();
  expect(em.control.deliveries()).toHaveLength(4);
});
