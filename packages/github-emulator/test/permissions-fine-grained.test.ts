import type { EmulatorHandle } from '../src/index.js';
import { FINE_GRAINED, client, failure, fakeToken, http, startSample } from './helpers.js';

// Fine-grained PATs: resource owner, selected repositories, per-permission levels (docs/github-behaviour.md#permission-checks).
const READ_ONLY = fakeToken('github_pat_', 'readonly');
const ALICE_ALL = fakeToken('github_pat_', 'aliceall');
const BOB = fakeToken('github_pat_', 'bobacme');
const EXPIRED = fakeToken('github_pat_', 'expired');
const PAT_403 = 'Resource not accessible by personal access token';
let em: EmulatorHandle;

beforeAll(async () => {
  em = await startSample((seed) => {
    seed.tokens.push(
      {
        token: READ_ONLY,
        kind: 'fine-grained',
        user: 'alice',
        resource_owner: 'acme',
        repositories: ['acme/api'],
        permissions: { contents: 'read', pull_requests: 'read' },
      },
      {
        token: ALICE_ALL,
        kind: 'fine-grained',
        user: 'alice',
        repositories: 'all',
        permissions: { contents: 'write', pull_requests: 'write' },
      },
      { token: BOB, kind: 'fine-grained', user: 'bob', resource_owner: 'acme', permissions: { contents: 'write' } },
      {
        token: EXPIRED,
        kind: 'fine-grained',
        user: 'alice',
        resource_owner: 'acme',
        expires_at: '2021-10-07T19:07:53Z',
      },
    );
  });
});
afterAll(() => em.close());

const main = (owner: string, repo: string) => Object.values(em.control.repoState(owner, repo).branches)[0] as string;

test('accepted-permissions and expiry headers, no scope headers', async () => {
  const res = await http(em, 'GET', '/repos/acme/api', FINE_GRAINED);
  expect(res.status).toBe(200);
  expect(res.headers.get('x-accepted-github-permissions')).toBe('metadata=read');
  expect(res.headers.get('x-oauth-scopes')).toBeNull();
  expect(res.headers.get('github-authentication-token-expiration')).toBe('2030-01-01 00:00:00 UTC');
  expect((await http(em, 'GET', '/user', FINE_GRAINED)).json.login).toBe('alice');
  expect((await http(em, 'GET', '/user', EXPIRED)).status).toBe(401);
});

test('private repositories outside the owner or selection are 404; public ones are readable', async () => {
  expect((await failure(client(em, FINE_GRAINED).rest.repos.get({ owner: 'alice', repo: 'webapp' }))).status).toBe(404);
  expect((await failure(client(em, READ_ONLY).rest.repos.get({ owner: 'acme', repo: 'infra' }))).status).toBe(404);
  expect(
    (await client(em, READ_ONLY).rest.repos.getContent({ owner: 'actions', repo: 'checkout', path: '' })).status,
  ).toBe(200);
  expect((await client(em, ALICE_ALL).rest.repos.get({ owner: 'alice', repo: 'webapp' })).status).toBe(200);
  const listed = await client(em, FINE_GRAINED).rest.repos.listForAuthenticatedUser();
  expect(listed.data.map((r) => r.full_name)).toEqual(['acme/api', 'acme/infra', 'alice/dotfiles']);
});

test('missing permission is 403 with the accepted-permissions header; probes tell write from read', async () => {
  const notes = await http(em, 'POST', '/repos/acme/api/releases/generate-notes', READ_ONLY, { tag_name: 'probe' });
  expect(notes.status).toBe(403);
  expect(notes.json).toEqual({
    message: PAT_403,
    documentation_url: 'https://docs.github.com/rest/releases/releases#generate-release-notes-content-for-a-release',
    status: '403',
  });
  expect(notes.headers.get('x-accepted-github-permissions')).toBe('contents=write');
  expect(
    (await http(em, 'POST', '/repos/acme/api/releases/generate-notes', FINE_GRAINED, { tag_name: 'probe' })).status,
  ).toBe(200);

  // Permission is checked before validation: an invalid PR body is 403 without the permission, 422 with it.
  const invalidPr = { title: 'probe', head: 'main', base: 'main' };
  const denied = await http(em, 'POST', '/repos/acme/api/pulls', READ_ONLY, invalidPr);
  expect(denied.status).toBe(403);
  expect(denied.json.message).toBe(PAT_403);
  const allowed = await http(em, 'POST', '/repos/acme/api/pulls', FINE_GRAINED, invalidPr);
  expect(allowed.status).toBe(422);
  expect(allowed.json.message).toBe('Validation Failed');

  const ref = await failure(
    client(em, READ_ONLY).rest.git.createRef({
      owner: 'acme',
      repo: 'api',
      ref: 'refs/heads/x',
      sha: main('acme', 'api'),
    }),
  );
  expect(ref.status).toBe(403);
  expect(ref.response?.headers['x-accepted-github-permissions']).toBe('contents=write; contents=write,workflows=write');
  expect((await client(em, READ_ONLY).rest.pulls.list({ owner: 'acme', repo: 'api' })).status).toBe(200);
});

test('no writes outside the selection or beyond the user role', async () => {
  const outside = await failure(
    client(em, ALICE_ALL).rest.git.createRef({
      owner: 'actions',
      repo: 'checkout',
      ref: 'refs/heads/x',
      sha: main('actions', 'checkout'),
    }),
  );
  expect(outside.status).toBe(403);
  expect(outside.response?.data).toMatchObject({
    message: PAT_403,
    documentation_url: 'https://docs.github.com/rest/git/refs#create-a-reference',
  });
  const role = await failure(
    client(em, BOB).rest.git.createRef({
      owner: 'acme',
      repo: 'infra',
      ref: 'refs/heads/x',
      sha: main('acme', 'infra'),
    }),
  );
  expect(role.status).toBe(403);
  expect(
    (
      await client(em, BOB).rest.git.createRef({
        owner: 'acme',
        repo: 'api',
        ref: 'refs/heads/x',
        sha: main('acme', 'api'),
      })
    ).status,
  ).toBe(201);
});
