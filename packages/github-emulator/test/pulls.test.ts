import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, client, failure, http, startSample } from './helpers.js';

let em: EmulatorHandle;
const repo = { owner: 'acme', repo: 'api' };
const DOCS = 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request';

beforeEach(async () => {
  em = await startSample();
});
afterEach(() => em.close());

/** Creates branch `name` with one commit that changes README.md. */
async function branchWithCommit(name: string): Promise<string> {
  const gh = client(em, CLASSIC);
  const base = (await gh.rest.repos.getBranch({ ...repo, branch: 'main' })).data.commit;
  const tree = await gh.rest.git.createTree({
    ...repo,
    base_tree: base.commit.tree.sha,
    tree: [{ path: 'README.md', mode: '100644', type: 'blob', content: `# ${name}\n` }],
  });
  const commit = await gh.rest.git.createCommit({ ...repo, message: name, tree: tree.data.sha, parents: [base.sha] });
  await gh.rest.git.createRef({ ...repo, ref: `refs/heads/${name}`, sha: commit.data.sha });
  return commit.data.sha;
}

test('create (draft, owner:branch head), duplicate, list by head, update, merge', async () => {
  const gh = client(em, CLASSIC);
  const head = await branchWithCommit('rampart/harden');
  const pr = await gh.rest.pulls.create({
    ...repo,
    title: 'Harden workflows',
    head: 'acme:rampart/harden',
    base: 'main',
    body: 'Pins actions',
    draft: true,
  });
  expect(pr.status).toBe(201);
  expect(pr.headers.location).toBe(pr.data.url);
  expect(pr.data).toMatchObject({
    number: 1,
    state: 'open',
    draft: true,
    merged: false,
    merged_at: null,
    title: 'Harden workflows',
    body: 'Pins actions',
    user: { login: 'alice' },
    head: { ref: 'rampart/harden', sha: head, label: 'acme:rampart/harden', repo: { full_name: 'acme/api' } },
    base: { ref: 'main', repo: { full_name: 'acme/api' } },
    commits: 1,
    changed_files: 1,
  });
  expect(pr.data.html_url).toBe(`${em.url}/acme/api/pull/1`);

  const dup = await failure(gh.rest.pulls.create({ ...repo, title: 'again', head: 'rampart/harden', base: 'main' }));
  expect(dup.status).toBe(422);
  expect(dup.response?.data).toEqual({
    message: 'Validation Failed',
    errors: [
      { resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:rampart/harden.' },
    ],
    documentation_url: DOCS,
    status: '422',
  });

  await branchWithCommit('other');
  await gh.rest.pulls.create({ ...repo, title: 'Other', head: 'other', base: 'main' });
  const filtered = await gh.rest.pulls.list({ ...repo, head: 'acme:rampart/harden', state: 'open' });
  expect(filtered.data.map((p) => p.number)).toEqual([1]);
  // Without the owner prefix GitHub silently ignores the filter.
  const ignored = await gh.rest.pulls.list({ ...repo, head: 'rampart/harden', state: 'open' });
  expect(ignored.data.map((p) => p.number).sort()).toEqual([1, 2]);
  expect((await gh.rest.pulls.list({ ...repo, head: 'someone-else:rampart/harden' })).data).toEqual([]);

  const updated = await gh.rest.pulls.update({
    ...repo,
    pull_number: 1,
    title: 'Harden workflows (v2)',
    body: 'Updated',
  });
  expect(updated.data).toMatchObject({ title: 'Harden workflows (v2)', body: 'Updated' });

  const merged = em.control.mergePull('acme', 'api', 1);
  expect(merged).toMatchObject({ state: 'closed', merged: true });
  const after = await gh.rest.pulls.get({ ...repo, pull_number: 1 });
  expect(after.data).toMatchObject({ state: 'closed', merged: true, merged_by: { login: 'alice' } });
  expect(after.data.merged_at).not.toBeNull();
  expect(em.control.readFile('acme', 'api', 'README.md')).toBe('# rampart/harden\n');
  expect((await gh.rest.pulls.list({ ...repo, state: 'closed' })).data.map((p) => p.number)).toEqual([1]);
});

test('no commits between, invalid head, invalid base, missing fields', async () => {
  const gh = client(em, CLASSIC);
  const main = em.control.repoState('acme', 'api').branches.main as string;
  await gh.rest.git.createRef({ ...repo, ref: 'refs/heads/same', sha: main });
  const none = await failure(gh.rest.pulls.create({ ...repo, title: 't', head: 'same', base: 'main' }));
  expect(none.response?.data).toMatchObject({
    message: 'Validation Failed',
    errors: [{ resource: 'PullRequest', code: 'custom', message: 'No commits between main and same' }],
  });
  const badHead = await failure(gh.rest.pulls.create({ ...repo, title: 't', head: 'nope', base: 'main' }));
  expect(badHead.response?.data).toMatchObject({
    errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
  });
  const badBase = await failure(gh.rest.pulls.create({ ...repo, title: 't', head: 'same', base: 'nope' }));
  expect(badBase.response?.data).toMatchObject({
    errors: [{ resource: 'PullRequest', field: 'base', code: 'invalid' }],
  });
  const missing = await http(em, 'POST', '/repos/acme/api/pulls', CLASSIC, { title: 't', base: 'main' });
  expect(missing.status).toBe(422);
  expect(missing.json).toMatchObject({
    message: 'Validation Failed',
    errors: [{ field: 'head', code: 'missing_field' }],
  });
});

test('closing, reopening, and deleting the head branch', async () => {
  const gh = client(em, CLASSIC);
  await branchWithCommit('feature');
  await gh.rest.pulls.create({ ...repo, title: 'F', head: 'feature', base: 'main' });
  const closed = await gh.rest.pulls.update({ ...repo, pull_number: 1, state: 'closed' });
  expect(closed.data).toMatchObject({ state: 'closed', merged: false });
  await gh.rest.pulls.create({ ...repo, title: 'F2', head: 'feature', base: 'main' });
  const reopen = await failure(gh.rest.pulls.update({ ...repo, pull_number: 1, state: 'open' }));
  expect(reopen.response?.data).toMatchObject({
    errors: [{ message: 'A pull request already exists for acme:feature.' }],
  });
  await gh.rest.git.deleteRef({ ...repo, ref: 'heads/feature' });
  expect(em.control.pulls('acme', 'api').map((p) => p.state)).toEqual(['closed', 'closed']);
  expect((await failure(gh.rest.pulls.get({ ...repo, pull_number: 99 }))).status).toBe(404);
});
