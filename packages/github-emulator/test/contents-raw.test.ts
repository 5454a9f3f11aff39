import { startEmulator, type EmulatorHandle } from '../src/index.js';

// GET /repos/{o}/{r}/contents/{path}?ref= as GitHub serves it to `application/vnd.github.raw+json`.
const TOKEN = 'ghp_' + 'K'.repeat(36);
const ACTION = 'name: tool\nruns:\n  using: node20\n  main: index.js\n';
const seed = {
  users: [{ login: 'dev', id: 7, email: 'dev@example.com' }],
  orgs: [{ login: 'acts', id: 1, members: { dev: 'admin' } }],
  repositories: [
    {
      owner: 'acts',
      name: 'tool',
      private: true,
      default_branch: 'main',
      collaborators: { dev: 'admin' },
      files: { 'action.yml': ACTION, 'sub/action.yml': 'name: sub\n' },
    },
  ],
  tokens: [{ token: TOKEN, kind: 'classic', user: 'dev', scopes: ['repo'] }],
};
const RAW = 'application/vnd.github.raw+json';
const DOCS = 'https://docs.github.com/rest/repos/contents#get-repository-content';

describe('emulator: repository contents with the raw media type', () => {
  let gh: EmulatorHandle;
  let head: string;
  let linked: string;
  const get = (path: string, accept = RAW, token: string | null = TOKEN) =>
    fetch(`${gh.url}/repos/acts/tool/contents/${path}`, {
      headers: { accept, ...(token ? { authorization: `token ${token}` } : {}) },
    });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${gh.url}/repos/acts/tool/${path}`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { sha: string };
  };

  beforeAll(async () => {
    gh = await startEmulator({ seed });
    head = (
      await (
        await fetch(`${gh.url}/repos/acts/tool/commits/main`, {
          headers: { accept: 'application/vnd.github.sha', authorization: `token ${TOKEN}` },
        })
      ).text()
    ).trim();
    const commit = (await (
      await fetch(`${gh.url}/repos/acts/tool/git/commits/${head}`, { headers: { authorization: `token ${TOKEN}` } })
    ).json()) as { tree: { sha: string } };
    // A commit (on no branch) with symlinks: one to a file, one to a directory, one out of the repository.
    const tree = await post('git/trees', {
      base_tree: commit.tree.sha,
      tree: [
        { path: 'linked/action.yml', mode: '120000', type: 'blob', content: '../action.yml' },
        { path: 'to-dir', mode: '120000', type: 'blob', content: 'sub' },
        { path: 'outside', mode: '120000', type: 'blob', content: '../../etc/passwd' },
      ],
    });
    linked = (await post('git/commits', { message: 'links', tree: tree.sha, parents: [head] })).sha;
  });
  afterAll(() => gh.close());

  test('a file at a commit answers with its bytes, not JSON', async () => {
    const res = await get(`action.yml?ref=${head}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.github\.raw/);
    expect(await res.text()).toBe(ACTION);
    const legacy = await get(`sub/action.yml?ref=${head}`, 'application/vnd.github.v3.raw');
    expect(await legacy.text()).toBe('name: sub\n');
  });

  test('without the raw media type the same file is a base64 JSON object', async () => {
    const body = (await (await get(`action.yml?ref=${head}`, 'application/vnd.github+json')).json()) as {
      type: string;
      encoding: string;
      content: string;
    };
    expect(body.type).toBe('file');
    expect(Buffer.from(body.content, 'base64').toString('utf8')).toBe(ACTION);
  });

  test('a directory ignores the raw media type and lists its entries', async () => {
    const res = await get(`sub?ref=${head}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as Array<{ name: string }>).map((e) => e.name)).toEqual(['action.yml']);
  });

  test("missing files, commits and invisible repositories answer 404 in GitHub's error shape", async () => {
    const missing = await get(`action.yaml?ref=${head}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found', documentation_url: DOCS, status: '404' });
    const noCommit = await get(`action.yml?ref=${'f'.repeat(40)}`);
    expect(noCommit.status).toBe(404);
    expect(await noCommit.json()).toEqual({
      message: `No commit found for the ref ${'f'.repeat(40)}`,
      documentation_url: DOCS,
      status: '404',
    });
    const anonymous = await get(`action.yml?ref=${head}`, RAW, null);
    expect(anonymous.status).toBe(404);
    expect(await anonymous.json()).toMatchObject({ message: 'Not Found', status: '404' });
  });

  test('a symlink to a file in the repository answers with that file; other links with themselves', async () => {
    expect(await (await get(`linked/action.yml?ref=${linked}`)).text()).toBe(ACTION);
    const asJson = (await (await get(`linked/action.yml?ref=${linked}`, 'application/json')).json()) as {
      type: string;
      path: string;
    };
    expect(asJson).toMatchObject({ type: 'file', path: 'action.yml' });
    const toDir = (await (await get(`to-dir?ref=${linked}`, 'application/json')).json()) as {
      type: string;
      target: string;
    };
    expect(toDir).toMatchObject({ type: 'symlink', target: 'sub' });
    expect(await (await get(`outside?ref=${linked}`)).text()).toBe('../../etc/passwd');
  });
});
