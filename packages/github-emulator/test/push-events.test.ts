import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, type EmulatorHandle } from '../src/index.js';
import { APP, CLASSIC, INSTALLATION_ID, client, startSample } from './helpers.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, any>;
  raw: string;
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let em: EmulatorHandle;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(raw) as Record<string, any>, raw });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));
beforeEach(async () => {
  received.length = 0;
  em = await startSample();
  em.control.setWebhook({ app_id: APP.id, url: `${receiverUrl}/app` });
});
afterEach(() => em.close());

const of = (event: string) => received.filter((r) => r.headers['x-github-event'] === event).map((r) => r.body);

test('a control push is one signed `push` to the App, with the commit, its files, the pusher and the installation', async () => {
  const before = em.control.repoState('acme', 'api').branches.main as string;
  const pushed = await fetch(`${em.url}/_emulator/repos/acme/api/commits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      files: { '.github/workflows/lint.yml': 'on: push\n', 'README.md': null },
      message: 'Add lint',
      author: 'bob',
    }),
  });
  expect(pushed.status).toBe(201);
  const { commit, branch } = (await pushed.json()) as { commit: string; branch: string };
  expect(branch).toBe('main');
  await em.control.settled();
  const [push, ...more] = of('push');
  expect(more).toEqual([]);
  expect(push).toMatchObject({
    ref: 'refs/heads/main',
    before,
    after: commit,
    created: false,
    deleted: false,
    forced: false,
    repository: { full_name: 'acme/api', default_branch: 'main' },
    pusher: { name: 'bob' },
    sender: { login: 'bob' },
    installation: { id: INSTALLATION_ID },
    commits: [
      {
        id: commit,
        message: 'Add lint',
        added: ['.github/workflows/lint.yml'],
        removed: ['README.md'],
        modified: [],
        distinct: true,
      },
    ],
    head_commit: { id: commit },
  });
  const delivery = received.find((r) => r.headers['x-github-event'] === 'push');
  expect(
    verifyWebhookSignature(
      APP.webhook_secret ?? '',
      delivery?.raw ?? '',
      String(delivery?.headers['x-hub-signature-256']),
    ),
  ).toBe(true);
  expect(em.control.readFile('acme', 'api', '.github/workflows/lint.yml')).toBe('on: push\n');
  // A missing branch or an empty change is refused in words.
  const refused = await fetch(`${em.url}/_emulator/repos/acme/api/commits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ branch: 'nope', files: { a: 'b' }, message: 'x' }),
  });
  expect(refused.status).toBe(404);
});

test('every way a branch moves sends `push`: Git Data refs (created, moved, deleted), the contents API, createCommitOnBranch, a merge', async () => {
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
  await gh.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: 'y.txt',
    message: 'y',
    content: Buffer.from('y\n').toString('base64'),
    branch: 'feature',
  });
  const head = (await gh.rest.repos.getBranch({ ...repo, branch: 'feature' })).data.commit.sha;
  await gh.graphql(
    `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`,
    {
      input: {
        branch: { repositoryNameWithOwner: 'acme/api', branchName: 'feature' },
        expectedHeadOid: head,
        message: { headline: 'z' },
        fileChanges: { additions: [{ path: 'z.txt', contents: Buffer.from('z\n').toString('base64') }] },
      },
    },
  );
  await gh.rest.pulls.create({ ...repo, title: 'Feature', head: 'feature', base: 'main' });
  em.control.mergePull('acme', 'api', 1);
  await gh.rest.git.deleteRef({ ...repo, ref: 'heads/feature' });
  await em.control.settled();
  const pushes = of('push');
  expect(
    pushes.map((p) => [
      p.ref,
      p.created,
      p.deleted,
      p.commits.map((c: { message: string }) => c.message.split('\n')[0]),
    ]),
  ).toEqual([
    ['refs/heads/feature', true, false, ['x']],
    ['refs/heads/feature', false, false, ['y']],
    ['refs/heads/feature', false, false, ['z']],
    ['refs/heads/main', false, false, ['x', 'y', 'z', 'Merge pull request #1 from acme/feature']],
    ['refs/heads/feature', false, true, []],
  ]);
  // The merge commit lists what differs from its first parent: the branch's files.
  expect(pushes[3]?.commits[3]).toMatchObject({ added: ['x.txt', 'y.txt', 'z.txt'] });
  expect(pushes[4]).toMatchObject({ after: '0000000000000000000000000000000000000000', head_commit: null });
});

test('a repository created goes to an App on all repositories as `repository` created; a selection change as `installation_repositories`', async () => {
  const created = await fetch(`${em.url}/_emulator/repos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ owner: 'acme', name: 'new-service', files: { '.github/workflows/ci.yml': 'on: push\n' } }),
  });
  expect(created.status).toBe(201);
  expect(em.control.readFile('acme', 'new-service', '.github/workflows/ci.yml')).toBe('on: push\n');
  expect(
    (
      await fetch(`${em.url}/_emulator/repos`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ owner: 'acme', name: 'new-service' }),
      })
    ).status,
  ).toBe(400);

  const inst = em.control.addInstallation({ app_id: APP.id, account: 'alice', repositories: ['alice/webapp'] });
  const changed = await fetch(`${em.url}/_emulator/installations/${String(inst.id)}/repositories`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ add: ['alice/dotfiles'], remove: ['alice/webapp'] }),
  });
  expect(changed.status).toBe(200);
  // alice's installation no longer covers webapp: its App does not hear of pushes there.
  em.control.pushCommit('alice', 'webapp', { files: { 'a.txt': 'a\n' }, message: 'a' });
  await em.control.settled();
  expect(of('repository')).toEqual([
    expect.objectContaining({
      action: 'created',
      repository: expect.objectContaining({ full_name: 'acme/new-service' }),
      sender: expect.objectContaining({ login: 'alice' }),
    }),
  ]);
  expect(
    of('installation_repositories').map((p) => [
      p.action,
      p.repositories_added.map((r: { full_name: string }) => r.full_name),
      p.repositories_removed.map((r: { full_name: string }) => r.full_name),
    ]),
  ).toEqual([
    ['added', ['alice/dotfiles'], []],
    ['removed', [], ['alice/webapp']],
  ]);
  expect(of('push')).toEqual([]);
  expect(
    (
      await fetch(`${em.url}/_emulator/installations/${INSTALLATION_ID}/repositories`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"add":[]}',
      })
    ).status,
  ).toBe(400);
});
