import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, client, failure, fakeToken, http, startSample } from './helpers.js';

// Classic PATs: scopes, roles, 404 for what they cannot see, 401 for bad tokens (docs/github-behaviour.md#permission-checks).
const PUBLIC_ONLY = fakeToken('ghp_', 'alicepublic');
const BOB = fakeToken('ghp_', 'bobrepo');
const EXPIRED = fakeToken('ghp_', 'expired');
const EXPIRING = fakeToken('ghp_', 'expiring');
let em: EmulatorHandle;

beforeAll(async () => {
  em = await startSample((seed) => {
    seed.tokens.push(
      { token: PUBLIC_ONLY, kind: 'classic', user: 'alice', scopes: ['public_repo'] },
      { token: BOB, kind: 'classic', user: 'bob', scopes: ['repo'] },
      { token: EXPIRED, kind: 'classic', user: 'alice', scopes: ['repo'], expires_at: '2020-01-01T00:00:00Z' },
      { token: EXPIRING, kind: 'classic', user: 'alice', scopes: ['repo'], expires_at: '2031-01-02T03:04:05Z' },
    );
  });
});
afterAll(() => em.close());

test('scope headers on every response', async () => {
  const me = await http(em, 'GET', '/user', CLASSIC);
  expect(me.status).toBe(200);
  expect(me.json).toMatchObject({ login: 'alice', id: 1001, email: 'alice@example.com', total_private_repos: 1 });
  expect(me.headers.get('x-oauth-scopes')).toBe('repo, workflow, read:org');
  expect(me.headers.get('x-accepted-oauth-scopes')).toBe('');
  expect(me.headers.get('x-accepted-github-permissions')).toBeNull();
  const repo = await http(em, 'GET', '/repos/alice/webapp', CLASSIC);
  expect(repo.headers.get('x-accepted-oauth-scopes')).toBe('repo');
  expect(repo.json.permissions).toEqual({ admin: true, maintain: true, push: true, triage: true, pull: true });
  const missing = await http(em, 'GET', '/repos/alice/nope', CLASSIC);
  expect(missing.status).toBe(404);
  expect(missing.headers.get('x-oauth-scopes')).toBe('repo, workflow, read:org');
});

test('without `repo` scope private repositories are 404; public_repo writes public ones', async () => {
  const gh = client(em, PUBLIC_ONLY);
  const hidden = await failure(gh.rest.repos.get({ owner: 'alice', repo: 'webapp' }));
  expect(hidden.status).toBe(404);
  expect(hidden.response?.data).toEqual({
    message: 'Not Found',
    documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository',
    status: '404',
  });
  expect((await gh.rest.repos.get({ owner: 'alice', repo: 'dotfiles' })).status).toBe(200);
  const base = em.control.repoState('alice', 'dotfiles').branches.main as string;
  expect(
    (await gh.rest.git.createRef({ owner: 'alice', repo: 'dotfiles', ref: 'refs/heads/x', sha: base })).status,
  ).toBe(201);
  const privateMain = em.control.repoState('alice', 'webapp').branches.main as string;
  expect(
    (await failure(gh.rest.git.createRef({ owner: 'alice', repo: 'webapp', ref: 'refs/heads/x', sha: privateMain })))
      .status,
  ).toBe(404);
  const repos = await gh.rest.repos.listForAuthenticatedUser();
  expect(repos.data.map((r) => r.full_name)).toEqual(['alice/dotfiles']);
  const all = await client(em, CLASSIC).rest.repos.listForAuthenticatedUser({ per_page: 2 });
  expect(all.data.map((r) => r.full_name)).toEqual(['acme/api', 'acme/infra']);
  expect(all.headers.link).toMatch(/page=2.*rel="next"/);
});

test("writes need the user's role: read-only members get 404", async () => {
  const gh = client(em, BOB);
  const infraMain = em.control.repoState('acme', 'infra').branches.trunk as string;
  expect((await gh.rest.repos.get({ owner: 'acme', repo: 'infra' })).data.permissions).toMatchObject({
    pull: true,
    push: false,
  });
  expect(
    (await failure(gh.rest.git.createRef({ owner: 'acme', repo: 'infra', ref: 'refs/heads/bob', sha: infraMain })))
      .status,
  ).toBe(404);
  const apiMain = em.control.repoState('acme', 'api').branches.main as string;
  expect(
    (await gh.rest.git.createRef({ owner: 'acme', repo: 'api', ref: 'refs/heads/bob', sha: apiMain })).status,
  ).toBe(201);
  expect((await failure(gh.rest.repos.get({ owner: 'alice', repo: 'webapp' }))).status).toBe(404);
  const perm = await gh.rest.repos.getCollaboratorPermissionLevel({ owner: 'acme', repo: 'api', username: 'bob' });
  expect(perm.data).toMatchObject({ permission: 'write', role_name: 'write', user: { login: 'bob' } });
  const infra = await gh.rest.repos.getCollaboratorPermissionLevel({ owner: 'acme', repo: 'infra', username: 'bob' });
  expect(infra.data.permission).toBe('read');
  expect(
    (await failure(gh.rest.repos.getCollaboratorPermissionLevel({ owner: 'acme', repo: 'api', username: 'nobody' })))
      .status,
  ).toBe(404);
});

test('401 Bad credentials for unknown, revoked and expired tokens', async () => {
  const badBody = { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' };
  const unknown = await http(em, 'GET', '/user', fakeToken('ghp_', 'unknown'));
  expect(unknown.status).toBe(401);
  expect(unknown.json).toEqual(badBody);
  expect((await http(em, 'GET', '/user', EXPIRED)).json).toEqual(badBody);
  const revocable = fakeToken('ghp_', 'revocable');
  em.control.seed({ tokens: [{ token: revocable, kind: 'classic', user: 'bob', scopes: [] }] });
  expect((await http(em, 'GET', '/user', revocable)).status).toBe(200);
  expect(em.control.revokeToken(revocable)).toBe(true);
  expect((await http(em, 'GET', '/user', revocable)).json).toEqual(badBody);
});

test('token expiry header and anonymous access', async () => {
  const expiring = await http(em, 'GET', '/user', EXPIRING);
  expect(expiring.headers.get('github-authentication-token-expiration')).toBe('2031-01-02 03:04:05 UTC');
  expect((await http(em, 'GET', '/user', CLASSIC)).headers.get('github-authentication-token-expiration')).toBeNull();
  const anon = await http(em, 'GET', '/user');
  expect(anon.status).toBe(401);
  expect(anon.json).toEqual({
    message: 'Requires authentication',
    documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
    status: '401',
  });
  expect((await http(em, 'GET', '/repos/actions/checkout')).status).toBe(200);
  expect((await http(em, 'GET', '/repos/alice/webapp')).status).toBe(404);
  expect((await http(em, 'GET', '/rate_limit')).json.rate.limit).toBe(60);
  expect((await http(em, 'GET', '/users/acme')).json).toMatchObject({ login: 'acme', type: 'Organization' });
  expect((await http(em, 'GET', '/users/rampart-hardener[bot]')).json).toMatchObject({
    login: 'rampart-hardener[bot]',
    type: 'Bot',
  });
});

test('org policies: classic PATs banned, or not SSO-authorized for a SAML org', async () => {
  const sso = fakeToken('ghp_', 'ssoauthorized');
  const unauthorized = fakeToken('ghp_', 'ssonotauthorized');
  em.control.seed({
    users: [{ login: 'dana', id: 1004 }],
    orgs: [
      { login: 'strict', id: 3001, members: { dana: 'admin' }, classic_pats: 'forbidden' },
      { login: 'samlcorp', id: 3002, members: { dana: 'admin' }, saml_sso: true },
    ],
    repositories: [
      { owner: 'strict', name: 'secret', private: true, files: { 'a.txt': 'a\n' } },
      { owner: 'samlcorp', name: 'secret', private: true, files: { 'a.txt': 'a\n' } },
      { owner: 'samlcorp', name: 'open', private: false, files: { 'a.txt': 'a\n' } },
    ],
    tokens: [
      { token: sso, kind: 'classic', user: 'dana', scopes: ['repo'], sso_authorized: ['samlcorp'] },
      { token: unauthorized, kind: 'classic', user: 'dana', scopes: ['repo'], sso_authorized: [] },
    ],
  });
  const banned = await http(em, 'GET', '/repos/strict/secret', sso);
  expect(banned.status).toBe(403);
  expect(banned.json.message).toMatch(/forbids access via a personal access token \(classic\)/);
  const saml = await http(em, 'GET', '/repos/samlcorp/secret', unauthorized);
  expect(saml.status).toBe(403);
  expect(saml.json.message).toBe(
    'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
  );
  expect(saml.headers.get('x-github-sso')).toMatch(
    new RegExp(`^required; url=${em.url}/orgs/samlcorp/sso\\?authorization_request=`),
  );
  expect((await http(em, 'GET', '/repos/samlcorp/open', unauthorized)).status).toBe(200);
  expect((await http(em, 'GET', '/repos/samlcorp/secret', sso)).status).toBe(200);
});
