import type { EmulatorHandle } from '../src/index.js';
import {
  APP,
  CLASSIC,
  INSTALLATION_ID,
  appJwt,
  failure,
  http,
  installationToken,
  client,
  startSample,
} from './helpers.js';
import { generateKeyPairSync } from 'node:crypto';

// GitHub App: JWT rules, installation lookup, token minting, installation tokens (docs/github-behaviour.md#app-path).
let em: EmulatorHandle;
beforeEach(async () => {
  em = await startSample((seed) => {
    seed.apps[0]?.installations.push({ id: 55500002, account: 'alice', repositories: ['alice/dotfiles'] });
  });
});
afterEach(() => em.close());

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const now = () => Math.floor(Date.now() / 1000);

test('JWT: RS256 with the App key, iss = client ID or App ID, iat/exp rules', async () => {
  const ok = await http(em, 'GET', '/app', undefined, undefined, bearer(appJwt()));
  expect(ok.status).toBe(200);
  expect(ok.json).toMatchObject({
    id: APP.id,
    slug: APP.slug,
    client_id: APP.client_id,
    installations_count: 2,
    owner: { login: 'acme' },
  });
  expect((await http(em, 'GET', '/app', undefined, undefined, bearer(appJwt({ iss: String(APP.id) })))).status).toBe(
    200,
  );
  expect((await http(em, 'GET', '/app', undefined, undefined, bearer(appJwt({ iss: APP.id })))).status).toBe(200);
  const msg = async (jwt: string) => {
    const res = await http(em, 'GET', '/app', undefined, undefined, bearer(jwt));
    expect(res.status).toBe(401);
    return res.json.message as string;
  };
  expect(await msg(appJwt({ exp: now() + 3600 }))).toBe("'Expiration time' claim ('exp') is too far in the future");
  expect(await msg(appJwt({ iat: now() - 700, exp: now() - 60 }))).toBe(
    "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
  );
  expect(await msg(appJwt({ iat: now() + 120 }))).toBe(
    "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
  );
  expect(await msg(appJwt({ iat: 'yesterday' }))).toBe(
    "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
  );
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  expect(await msg(appJwt({}, otherKey))).toBe('A JSON web token could not be decoded');
  expect(await msg('eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln')).toBe('A JSON web token could not be decoded');
  // A PAT on a JWT-only endpoint.
  expect((await http(em, 'GET', '/app', CLASSIC)).json.message).toBe('A JSON web token could not be decoded');
  expect(ok.headers.get('date')).toBeTruthy();
});

test('installation lookup by repository, org, user, and listing', async () => {
  const jwt = bearer(appJwt());
  const byRepo = await http(em, 'GET', '/repos/acme/api/installation', undefined, undefined, jwt);
  expect(byRepo.json).toMatchObject({
    id: INSTALLATION_ID,
    app_id: APP.id,
    account: { login: 'acme' },
    repository_selection: 'all',
    target_type: 'Organization',
  });
  expect((await http(em, 'GET', '/repos/alice/webapp/installation', undefined, undefined, jwt)).status).toBe(404);
  expect((await http(em, 'GET', '/repos/alice/dotfiles/installation', undefined, undefined, jwt)).json.id).toBe(
    55500002,
  );
  expect((await http(em, 'GET', '/orgs/acme/installation', undefined, undefined, jwt)).json.id).toBe(INSTALLATION_ID);
  expect(
    (await http(em, 'GET', '/users/alice/installation', undefined, undefined, jwt)).json.repository_selection,
  ).toBe('selected');
  expect((await http(em, 'GET', '/users/bob/installation', undefined, undefined, jwt)).status).toBe(404);
  expect(
    ((await http(em, 'GET', '/app/installations', undefined, undefined, jwt)).json as Array<{ id: number }>).map(
      (i) => i.id,
    ),
  ).toEqual([INSTALLATION_ID, 55500002]);
});

test('minting: stateless format by default, 1 hour, subsets of repositories and permissions, 422 bodies', async () => {
  const jwt = bearer(appJwt());
  const mint = (body: unknown, headers: Record<string, string> = {}) =>
    http(em, 'POST', `/app/installations/${INSTALLATION_ID}/access_tokens`, undefined, body, { ...jwt, ...headers });
  const full = await mint({});
  expect(full.status).toBe(201);
  expect(full.json.token).toMatch(new RegExp(`^ghs_${APP.id}_[A-Za-z0-9]+\\.[A-Za-z0-9]+\\.[A-Za-z0-9]+$`));
  expect(full.json.token.length).toBeGreaterThan(500);
  expect(Date.parse(full.json.expires_at) - Date.now()).toBeGreaterThan(3_590_000);
  expect(full.json).toMatchObject({
    repository_selection: 'all',
    permissions: { contents: 'write', workflows: 'write' },
  });
  const classicFormat = await mint({}, { 'x-github-stateless-s2s-token': 'disabled' });
  expect(classicFormat.json.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);

  const narrowed = await mint({ repositories: ['api'], permissions: { contents: 'read' } });
  expect(narrowed.json).toMatchObject({
    repository_selection: 'selected',
    permissions: { contents: 'read' },
    repositories: [{ full_name: 'acme/api' }],
  });
  const gh = client(em, narrowed.json.token);
  expect((await gh.rest.repos.get({ owner: 'acme', repo: 'api' })).status).toBe(200);
  expect((await failure(gh.rest.repos.get({ owner: 'acme', repo: 'infra' }))).status).toBe(404);
  const write = await failure(
    gh.rest.git.createRef({
      owner: 'acme',
      repo: 'api',
      ref: 'refs/heads/x',
      sha: em.control.repoState('acme', 'api').branches.main as string,
    }),
  );
  expect(write.response?.data).toEqual({
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest/git/refs#create-a-reference',
    status: '403',
  });

  const badRepo = await mint({ repositories: ['webapp'] });
  expect(badRepo.status).toBe(422);
  expect(badRepo.json.message).toBe(
    'There is at least one repository that does not exist or is not accessible to the parent installation.',
  );
  const badPerm = await mint({ permissions: { administration: 'write' } });
  expect(badPerm.json.message).toBe('The permissions requested are not granted to this installation.');
  expect((await http(em, 'POST', '/app/installations/999/access_tokens', undefined, {}, jwt)).status).toBe(404);
});

test('installation tokens: /user is 403, /installation/repositories lists the selection, expiry and uninstall revoke', async () => {
  const token = await installationToken(em, { repositories: ['api', 'infra'] });
  const me = await http(em, 'GET', '/user', token);
  expect(me.json).toEqual({
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
    status: '403',
  });
  const repos = await client(em, token).rest.apps.listReposAccessibleToInstallation();
  expect(repos.data).toMatchObject({ total_count: 2, repository_selection: 'selected' });
  expect(repos.data.repositories.map((r) => r.full_name)).toEqual(['acme/api', 'acme/infra']);
  const pat = await http(em, 'GET', '/installation/repositories', CLASSIC);
  expect(pat.status).toBe(403);
  expect(pat.json.message).toBe(
    'You must authenticate with an installation access token in order to list repositories for an installation.',
  );
  // Installation tokens work with Basic x-access-token auth too (git-style).
  const basic = await http(em, 'GET', '/repos/acme/api', undefined, undefined, {
    authorization: `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
  });
  expect(basic.status).toBe(200);
  em.control.advanceClock(3_600_001);
  expect((await http(em, 'GET', '/repos/acme/api', token)).status).toBe(401);
  em.control.advanceClock(-3_600_001);
  expect((await http(em, 'GET', '/repos/acme/api', token)).status).toBe(200);
  em.control.removeInstallation(INSTALLATION_ID);
  expect((await http(em, 'GET', '/repos/acme/api', token)).json.message).toBe('Bad credentials');
});
