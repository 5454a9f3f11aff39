import { createHmac } from 'node:crypto';
import { createAppWebhooks, type PushEvent, type RepositoriesAdded } from '../../../src/github/app/app-webhooks.js';
import type { InstallationCache } from '../../../src/github/app/installation-cache.js';

// The App's webhooks hand pushes and new repositories to the policies' handlers, parsed and named.
const SECRET = 'test-secret';
const cache = { put: async () => undefined, forget: async () => undefined } as unknown as InstallationCache;
const pushes: PushEvent[] = [];
const added: RepositoriesAdded[] = [];
const webhooks = createAppWebhooks({
  secret: SECRET,
  appId: 1,
  cache,
  onPush: async (e) => {
    pushes.push(e);
    return 'seen';
  },
  onRepositoriesAdded: async (e) => {
    added.push(e);
    return 'seen';
  },
});
const deliver = (event: string, payload: unknown) => {
  const raw = JSON.stringify(payload);
  return webhooks.receive({
    rawBody: raw,
    signature: `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`,
    event,
  });
};
const installation = { id: 9, app_id: 1, account: { login: 'acme' } };

test('a push reaches the handler with its commits and files; one without the fields is invalid', async () => {
  const outcome = await deliver('push', {
    ref: 'refs/heads/main',
    before: 'a'.repeat(40),
    after: 'b'.repeat(40),
    commits: [
      { id: 'c1', message: 'Add CI', added: ['.github/workflows/ci.yml'], modified: [], removed: [] },
      { id: 'c2', message: 'No lists' },
    ],
    repository: { full_name: 'acme/api', default_branch: 'main' },
    sender: { login: 'dev' },
    installation,
  });
  expect(outcome).toEqual({ status: 'handled', what: 'push acme/api refs/heads/main: seen' });
  expect(pushes).toEqual([
    {
      repository: 'acme/api',
      defaultBranch: 'main',
      ref: 'refs/heads/main',
      before: 'a'.repeat(40),
      after: 'b'.repeat(40),
      deleted: false,
      forced: false,
      commits: [
        { id: 'c1', message: 'Add CI', added: ['.github/workflows/ci.yml'], modified: [], removed: [] },
        { id: 'c2', message: 'No lists', added: [], modified: [], removed: [] },
      ],
      sender: 'dev',
    },
  ]);
  expect(await deliver('push', { ref: 'refs/heads/main' })).toMatchObject({ status: 'invalid' });
});

test('repository created and installation_repositories added name the new repositories; other actions are ignored', async () => {
  expect(
    await deliver('repository', { action: 'created', repository: { full_name: 'acme/new' }, installation }),
  ).toMatchObject({ status: 'handled' });
  expect(
    await deliver('repository', { action: 'deleted', repository: { full_name: 'acme/old' }, installation }),
  ).toEqual({ status: 'ignored', what: 'repository.deleted' });
  const selection = { installation, repository_selection: 'selected', repositories_removed: [] };
  expect(
    await deliver('installation_repositories', {
      ...selection,
      action: 'added',
      repositories_added: [{ full_name: 'acme/a' }, { full_name: 'acme/b' }],
    }),
  ).toMatchObject({
    status: 'handled',
    what: expect.stringMatching(
      /^installation_repositories\.added for acme; installation_repositories\.added acme\/a, acme\/b/,
    ),
  });
  expect(
    await deliver('installation_repositories', {
      ...selection,
      action: 'removed',
      repositories_added: [],
      repositories_removed: [{ full_name: 'acme/a' }],
    }),
  ).toMatchObject({ status: 'handled' });
  expect(added).toEqual([
    { repositories: ['acme/new'], via: 'repository.created' },
    { repositories: ['acme/a', 'acme/b'], via: 'installation_repositories.added' },
  ]);
});
