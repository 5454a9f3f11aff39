import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, FINE_GRAINED, fakeToken, http, installationToken, startSample } from './helpers.js';

// The Workflows gate per token kind (docs/github-behaviour.md#workflows-gate).
const CLASSIC_NO_WF = fakeToken('ghp_', 'noworkflow');
const FG_NO_WF = fakeToken('github_pat_', 'noworkflow');
const TREE_DOCS = 'https://docs.github.com/rest/git/trees#create-a-tree';
let em: EmulatorHandle;

beforeEach(async () => {
  em = await startSample((seed) => {
    seed.tokens.push(
      { token: CLASSIC_NO_WF, kind: 'classic', user: 'alice', scopes: ['repo'] },
      {
        token: FG_NO_WF,
        kind: 'fine-grained',
        user: 'alice',
        resource_owner: 'acme',
        permissions: { contents: 'write', pull_requests: 'write' },
      },
    );
  });
});
afterEach(() => em.close());

const base = () => {
  const main = em.control.repoState('acme', 'api').branches.main as string;
  return { main, tree: em.state.repo('acme', 'api')?.store.commit(main)?.tree as string };
};
const tree = (token: string, entries: unknown[], baseTree = base().tree) =>
  http(em, 'POST', '/repos/acme/api/git/trees', token, { base_tree: baseTree, tree: entries });
const wf = (content: string) => ({ path: '.github/workflows/ci.yml', mode: '100644', type: 'blob', content });
const other = { path: 'src/index.js', mode: '100644', type: 'blob', content: 'console.log(1);\n' };

async function commitOn(token: string, treeSha: string): Promise<string> {
  const res = await http(em, 'POST', '/repos/acme/api/git/commits', token, {
    message: 'c',
    tree: treeSha,
    parents: [base().main],
  });
  expect(res.status).toBe(201);
  return res.json.sha;
}

test('classic without `workflow`: 404 at tree creation; other files and unchanged workflows pass', async () => {
  const denied = await tree(CLASSIC_NO_WF, [wf('on: push\n')]);
  expect(denied.status).toBe(404);
  expect(denied.json).toEqual({ message: 'Not Found', documentation_url: TREE_DOCS, status: '404' });
  expect((await tree(CLASSIC_NO_WF, [other])).status).toBe(201);
  const current = em.control.readFile('acme', 'api', '.github/workflows/ci.yml') ?? '';
  expect((await tree(CLASSIC_NO_WF, [wf(current), other])).status).toBe(201);
  expect((await tree(CLASSIC, [wf('on: push\n')])).status).toBe(201);
  const deletion = await tree(CLASSIC_NO_WF, [
    { path: '.github/workflows/release.yml', mode: '100644', type: 'blob', sha: null },
  ]);
  expect(deletion.status).toBe(404);
});

test('classic quirk: the same path and contents on another branch lets the file through', async () => {
  const hardened = await tree(CLASSIC, [wf('on: push # pinned\n')]);
  const sha = await commitOn(CLASSIC, hardened.json.sha);
  expect(
    (await http(em, 'POST', '/repos/acme/api/git/refs', CLASSIC, { ref: 'refs/heads/hardened', sha })).status,
  ).toBe(201);
  expect((await tree(CLASSIC_NO_WF, [wf('on: push # pinned\n')])).status).toBe(201);
});

test('a branch at an existing branch commit always passes; a new workflow commit does not (classic: 404)', async () => {
  for (const token of [CLASSIC_NO_WF, FG_NO_WF, await installationToken(em, { permissions: { contents: 'write' } })]) {
    const name = `refs/heads/at-main-${token.slice(0, 6)}`;
    expect((await http(em, 'POST', '/repos/acme/api/git/refs', token, { ref: name, sha: base().main })).status).toBe(
      201,
    );
  }
  const changed = await commitOn(CLASSIC, (await tree(CLASSIC, [wf('on: workflow_dispatch\n')])).json.sha);
  const denied = await http(em, 'POST', '/repos/acme/api/git/refs', CLASSIC_NO_WF, {
    ref: 'refs/heads/wf',
    sha: changed,
  });
  expect(denied.status).toBe(404);
  expect(denied.json.documentation_url).toBe('https://docs.github.com/rest/git/refs#create-a-reference');
});

test('fine-grained without Workflows: 403 at the tree, or with the `allow` quirk a 500 with no body at the ref', async () => {
  const denied = await tree(FG_NO_WF, [wf('on: push\n')]);
  expect(denied.status).toBe(403);
  expect(denied.json).toEqual({
    message: 'Resource not accessible by personal access token',
    documentation_url: TREE_DOCS,
    status: '403',
  });
  expect((await tree(FINE_GRAINED, [wf('on: push\n')])).status).toBe(201);

  em.control.setQuirks({ fineGrainedWorkflowTrees: 'allow' });
  const created = await tree(FG_NO_WF, [wf('on: push\n')]);
  expect(created.status).toBe(201);
  const sha = await commitOn(FG_NO_WF, created.json.sha);
  const ref = await http(em, 'POST', '/repos/acme/api/git/refs', FG_NO_WF, { ref: 'refs/heads/wf', sha });
  expect(ref.status).toBe(500);
  expect(ref.text).toBe('');
  expect(ref.headers.get('x-accepted-github-permissions')).toBe('contents=write; contents=write,workflows=write');
  expect(
    (await http(em, 'POST', '/repos/acme/api/git/refs', FG_NO_WF, { ref: 'refs/heads/plain', sha: base().main }))
      .status,
  ).toBe(201);
  const update = await http(em, 'PATCH', '/repos/acme/api/git/refs/heads/plain', FG_NO_WF, { sha, force: true });
  expect(update.status).toBe(500);
  expect(
    (await http(em, 'PATCH', '/repos/acme/api/git/refs/heads/plain', FINE_GRAINED, { sha, force: true })).status,
  ).toBe(200);
});

test('installation token without Workflows: 403 "by integration" at the tree', async () => {
  const token = await installationToken(em, { permissions: { contents: 'write', pull_requests: 'write' } });
  const denied = await tree(token, [wf('on: push\n')]);
  expect(denied.status).toBe(403);
  expect(denied.json).toEqual({
    message: 'Resource not accessible by integration',
    documentation_url: TREE_DOCS,
    status: '403',
  });
  expect((await tree(await installationToken(em), [wf('on: push\n')])).status).toBe(201);
});

test('PUT /contents on a workflow path: 404 for classic, 403 for fine-grained', async () => {
  const body = { message: 'x', content: Buffer.from('on: push\n').toString('base64') };
  expect(
    (await http(em, 'PUT', '/repos/acme/api/contents/.github/workflows/new.yml', CLASSIC_NO_WF, body)).status,
  ).toBe(404);
  expect((await http(em, 'PUT', '/repos/acme/api/contents/.github/workflows/new.yml', FG_NO_WF, body)).status).toBe(
    403,
  );
  expect((await http(em, 'PUT', '/repos/acme/api/contents/.github/workflows/new.yml', CLASSIC, body)).status).toBe(201);
});
