import { systemClock } from '../../../src/clock.js';
import { createStore, type Store } from '../../../src/store/store.js';
import { startAppHarness, type AppHarness } from './support/app-harness.js';

// pull_request reopened, delivered by the emulator to the real webhook route and the real stores in Redis.
let h: AppHarness;
let store: Store;
const ACCOUNT = 'acct_reopen';
beforeEach(async () => {
  h = await startAppHarness();
  store = createStore({ redis: h.redis, prefix: h.prefix, clock: systemClock, sessionTtlSeconds: 3600 });
});
afterEach(async () => h.close());

/** A pull request on acme/api from `branch`, opened as the App the way a job opens Rampart's. */
async function openPull(branch: string) {
  const result = await h.credentials().forRepository({ repository: 'acme/api', userLogin: 'writer' });
  if (!result.ok) throw new Error(result.message);
  const gh = result.client.rest;
  const repo = { owner: 'acme', repo: 'api' };
  const main = h.emulator.control.repoState('acme', 'api').branches.main as string;
  const base = await gh.git.getCommit({ ...repo, commit_sha: main });
  const tree = await gh.git.createTree({
    ...repo,
    base_tree: base.data.tree.sha,
    tree: [{ path: 'NOTES.md', mode: '100644', type: 'blob', content: `${branch}\n` }],
  });
  const commit = await gh.git.createCommit({ ...repo, message: branch, tree: tree.data.sha, parents: [main] });
  await gh.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
  const pull = (await gh.pulls.create({ ...repo, title: branch, head: branch, base: 'main' })).data;
  return {
    number: pull.number,
    url: pull.html_url,
    reopen: () => gh.pulls.update({ ...repo, pull_number: pull.number, state: 'open' }),
  };
}

test('a reopened Rampart pull request is open again in its run and the repository state, and its decline is forgotten', async () => {
  const pull = await openPull('rampart/harden-workflows');
  const opener = await store.runs.create({
    accountId: ACCOUNT,
    repositories: ['acme/api'],
    options: {},
    credentialGeneration: 0,
    withPat: false,
  });
  await store.runs.setResult(opener.id, {
    repository: 'acme/api',
    status: 'pr-opened',
    credential: 'app',
    pull_request: { number: pull.number, url: pull.url, state: 'open' },
  });

  h.emulator.control.closePull('acme', 'api', pull.number);
  await h.emulator.control.settled();
  expect((await store.runs.result(opener.id, 'acme/api'))?.pull_request?.state).toBe('declined');
  // A later run found the same changes declined in it, and remembered their fingerprint; another pull request's stays.
  await store.declinedChanges.record('acme/api', 'fingerprint-of-pull', pull);
  await store.declinedChanges.record('acme/api', 'fingerprint-of-another', {
    number: pull.number + 100,
    url: `${pull.url}00`,
  });
  const later = await store.runs.create({
    accountId: ACCOUNT,
    repositories: ['acme/api'],
    options: {},
    credentialGeneration: 0,
    withPat: false,
  });
  await store.runs.setResult(later.id, {
    repository: 'acme/api',
    status: 'declined',
    credential: 'app',
    pull_request: { number: pull.number, url: pull.url, state: 'declined' },
  });
  expect(await store.repositoryStates.list(ACCOUNT)).toEqual([
    expect.objectContaining({ status: 'declined', pull_request: expect.objectContaining({ state: 'declined' }) }),
  ]);

  await pull.reopen();
  await h.emulator.control.settled();
  const deliveries = h.emulator.control.deliveries().filter((d) => d.event === 'pull_request');
  expect(deliveries.map((d) => [d.action, d.status])).toEqual([
    ['opened', 204],
    ['closed', 204],
    ['reopened', 204],
  ]);
  expect((await store.runs.result(opener.id, 'acme/api'))?.pull_request).toEqual({
    number: pull.number,
    url: pull.url,
    state: 'open',
  });
  expect(await store.repositoryStates.list(ACCOUNT)).toEqual([
    expect.objectContaining({
      repository: 'acme/api',
      status: 'up-to-date',
      run_id: later.id,
      pull_request: { number: pull.number, url: pull.url, state: 'open' },
    }),
  ]);
  expect(await store.declinedChanges.find('acme/api', 'fingerprint-of-pull')).toBeNull();
  expect(await store.declinedChanges.find('acme/api', 'fingerprint-of-another')).toMatchObject({
    number: pull.number + 100,
  });
  expect(h.logs.some((line) => line.includes(`pull_request.reopened acme/api#${pull.number}`))).toBe(true);
});

test('a reopened pull request Rampart did not open changes no run and no state', async () => {
  const pull = await openPull('someone/else');
  h.emulator.control.closePull('acme', 'api', pull.number);
  await pull.reopen();
  await h.emulator.control.settled();
  expect(
    h.emulator.control
      .deliveries()
      .filter((d) => d.event === 'pull_request')
      .map((d) => [d.action, d.status]),
  ).toEqual([
    ['opened', 204],
    ['closed', 204],
    ['reopened', 204],
  ]);
  expect(await store.runs.runOfPullRequest('acme/api', pull.number)).toBeNull();
  expect(await store.repositoryStates.list(ACCOUNT)).toEqual([]);
});
