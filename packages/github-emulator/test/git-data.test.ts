import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, client, failure, http, startSample } from './helpers.js';

// The branch + multi-file commit sequence of docs/github-behaviour.md#commit-sequence, and its validation errors.
let em: EmulatorHandle;
beforeEach(async () => {
  em = await startSample((seed) => {
    seed.repositories.push({ owner: 'alice', name: 'empty', private: true });
  });
});
afterEach(() => em.close());

const repo = { owner: 'alice', repo: 'webapp' };

test('read workflows, commit a multi-file change on a new branch, move it by force', async () => {
  const gh = client(em, CLASSIC);
  const branch = await gh.rest.repos.getBranch({ ...repo, branch: 'main' });
  const baseSha = branch.data.commit.sha;
  const baseTree = branch.data.commit.commit.tree.sha;

  const listing = await gh.rest.repos.getContent({ ...repo, path: '.github/workflows', ref: baseSha });
  expect(Array.isArray(listing.data) && listing.data.map((f) => f.path)).toEqual(['.github/workflows/ci.yml']);
  const file = await gh.rest.repos.getContent({ ...repo, path: '.github/workflows/ci.yml', ref: baseSha });
  const content =
    !Array.isArray(file.data) && file.data.type === 'file'
      ? Buffer.from(file.data.content, 'base64').toString('utf8')
      : '';
  expect(content).toContain('actions/checkout@v4');

  const tree = await gh.rest.git.getTree({ ...repo, tree_sha: baseTree, recursive: '1' });
  expect(tree.data.tree.map((e) => `${e.mode} ${e.type} ${e.path}`)).toContain('040000 tree .github/workflows');
  const blobSha = tree.data.tree.find((e) => e.path === '.github/workflows/ci.yml')?.sha ?? '';
  const blob = await gh.rest.git.getBlob({ ...repo, file_sha: blobSha });
  expect(Buffer.from(blob.data.content, 'base64').toString('utf8')).toBe(content);

  const newTree = await gh.rest.git.createTree({
    ...repo,
    base_tree: baseTree,
    tree: [
      {
        path: '.github/workflows/ci.yml',
        mode: '100644',
        type: 'blob',
        content: content.replace('@v4', '@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2'),
      },
      { path: 'README.md', mode: '100644', type: 'blob', sha: null },
    ],
  });
  expect(newTree.status).toBe(201);
  const commit = await gh.rest.git.createCommit({
    ...repo,
    message: 'Harden workflows',
    tree: newTree.data.sha,
    parents: [baseSha],
  });
  expect(commit.data).toMatchObject({
    message: 'Harden workflows',
    tree: { sha: newTree.data.sha },
    parents: [{ sha: baseSha }],
    author: { name: 'Alice Example', email: 'alice@example.com' },
  });
  // A PAT's REST commit is unsigned (docs/github-behaviour.md#commit-signatures).
  expect(commit.data.verification).toMatchObject({ verified: false, reason: 'unsigned' });

  const ref = await gh.rest.git.createRef({ ...repo, ref: 'refs/heads/rampart/harden', sha: commit.data.sha });
  expect(ref.status).toBe(201);
  expect(ref.data).toMatchObject({
    ref: 'refs/heads/rampart/harden',
    object: { sha: commit.data.sha, type: 'commit' },
  });
  expect(em.control.readFile('alice', 'webapp', '.github/workflows/ci.yml', 'rampart/harden')).toContain('# v4.2.2');
  expect(em.control.readFile('alice', 'webapp', 'README.md', 'rampart/harden')).toBeUndefined();

  const again = await failure(gh.rest.git.createRef({ ...repo, ref: 'refs/heads/rampart/harden', sha: baseSha }));
  expect(again.status).toBe(422);
  expect(again.response?.data).toEqual({
    message: 'Reference already exists',
    documentation_url: 'https://docs.github.com/rest/git/refs#create-a-reference',
    status: '422',
  });

  const other = await gh.rest.git.createCommit({ ...repo, message: 'Other', tree: baseTree, parents: [baseSha] });
  const noFf = await failure(gh.rest.git.updateRef({ ...repo, ref: 'heads/rampart/harden', sha: other.data.sha }));
  expect(noFf.status).toBe(422);
  expect(noFf.response?.data).toMatchObject({ message: 'Update is not a fast forward', status: '422' });
  const forced = await gh.rest.git.updateRef({
    ...repo,
    ref: 'heads/rampart/harden',
    sha: other.data.sha,
    force: true,
  });
  expect(forced.data.object.sha).toBe(other.data.sha);
  const child = await gh.rest.git.createCommit({
    ...repo,
    message: 'Child',
    tree: baseTree,
    parents: [other.data.sha],
  });
  expect((await gh.rest.git.updateRef({ ...repo, ref: 'heads/rampart/harden', sha: child.data.sha })).status).toBe(200);

  // HEAD /git/commits/{sha}, as Renovate's ensureBranchSha does.
  expect((await http(em, 'HEAD', `/repos/alice/webapp/git/commits/${child.data.sha}`, CLASSIC)).status).toBe(200);
  await gh.rest.git.deleteRef({ ...repo, ref: 'heads/rampart/harden' });
  expect(em.control.repoState('alice', 'webapp').branches).not.toHaveProperty('rampart/harden');
  const gone = await failure(gh.rest.git.deleteRef({ ...repo, ref: 'heads/rampart/harden' }));
  expect(gone.response?.data).toMatchObject({ message: 'Reference does not exist' });
});

test('Git Data validation errors', async () => {
  const gh = client(em, CLASSIC);
  const main = em.control.repoState('alice', 'webapp').branches.main as string;
  const bad = '0123456789012345678901234567890123456789';
  const tree = (t: unknown) => http(em, 'POST', '/repos/alice/webapp/git/trees', CLASSIC, t);
  expect((await tree({ base_tree: bad, tree: [] })).json).toMatchObject({
    message: 'base_tree is not a valid tree oid',
  });
  expect((await tree({ tree: [{ path: 'x', mode: '100644', type: 'blob', sha: bad }] })).json).toMatchObject({
    message: `tree.sha ${bad} is not a valid blob`,
  });
  expect((await tree({ tree: [{ path: 'x', mode: '100644', type: 'blob', sha: null }] })).status).toBe(422);
  expect((await tree({})).json).toMatchObject({ message: 'Invalid request.\n\n"tree" wasn\'t supplied.' });
  const commit = await failure(gh.rest.git.createCommit({ ...repo, message: 'x', tree: bad, parents: [main] }));
  expect(commit.response?.data).toMatchObject({ message: 'Tree SHA does not exist', status: '422' });
  const unknownSha = await http(em, 'POST', '/repos/alice/webapp/git/refs', CLASSIC, { ref: 'refs/heads/x', sha: bad });
  expect(unknownSha.status).toBe(500);
  expect(unknownSha.text).toBe('');
  expect(
    (await http(em, 'POST', '/repos/alice/webapp/git/refs', CLASSIC, { ref: 'heads/x', sha: main })).json,
  ).toMatchObject({ message: 'Reference name is invalid' });
  const parse = await fetch(`${em.url}/repos/alice/webapp/git/refs`, {
    method: 'POST',
    headers: { authorization: `token ${CLASSIC}`, 'content-type': 'application/json' },
    body: '{not json',
  });
  expect(parse.status).toBe(400);
  expect(await parse.json()).toMatchObject({ message: 'Problems parsing JSON' });
  const empty = await failure(gh.rest.git.getRef({ owner: 'alice', repo: 'empty', ref: 'heads/main' }));
  expect(empty.status).toBe(409);
  expect(empty.response?.data).toMatchObject({ message: 'Git Repository is empty.' });
});

test('blobs and PUT /contents (the Contents-write probe, then a real write)', async () => {
  const gh = client(em, CLASSIC);
  const blob = await gh.rest.git.createBlob({
    ...repo,
    content: Buffer.from('binary\u0000data').toString('base64'),
    encoding: 'base64',
  });
  expect(blob.status).toBe(201);
  expect((await gh.rest.git.getBlob({ ...repo, file_sha: blob.data.sha })).data.size).toBe(11);

  const probe = await http(em, 'PUT', '/repos/alice/webapp/contents/probe.txt', CLASSIC, { message: 'probe' });
  expect(probe.status).toBe(422);
  expect(probe.json.message).toBe('Invalid request.\n\n"content" wasn\'t supplied.');
  const created = await gh.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: 'docs/new.md',
    message: 'Add docs',
    content: Buffer.from('# new\n').toString('base64'),
  });
  expect(created.status).toBe(201);
  expect(em.control.readFile('alice', 'webapp', 'docs/new.md')).toBe('# new\n');
  const noSha = await http(em, 'PUT', '/repos/alice/webapp/contents/docs/new.md', CLASSIC, {
    message: 'x',
    content: 'eA==',
  });
  expect(noSha.json.message).toBe('Invalid request.\n\n"sha" wasn\'t supplied.');
  const wrongSha = await http(em, 'PUT', '/repos/alice/webapp/contents/docs/new.md', CLASSIC, {
    message: 'x',
    content: 'eA==',
    sha: 'abc',
  });
  expect(wrongSha.status).toBe(409);
  expect(wrongSha.json.message).toBe('docs/new.md does not match abc');
  const updated = await gh.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: 'docs/new.md',
    message: 'Update',
    content: 'eA==',
    sha: created.data.content?.sha ?? '',
  });
  expect(updated.status).toBe(200);
});

test('generate-notes answers without storing anything', async () => {
  const gh = client(em, CLASSIC);
  const before = JSON.stringify(em.control.repoState('alice', 'webapp'));
  const notes = await gh.rest.repos.generateReleaseNotes({ ...repo, tag_name: 'v0.0.0-rampart-probe' });
  expect(notes.data.name).toBe('v0.0.0-rampart-probe');
  expect(notes.data.body).toContain('Full Changelog');
  expect(JSON.stringify(em.control.repoState('alice', 'webapp'))).toBe(before);
});
