import { createUserWithToken } from '../../../src/accounts/accounts.js';
import { githubUserLookup } from '../../../src/accounts/github-user-lookup.js';
import { startHarness, type Harness } from './support/harness.js';
import { approveOnGitHub, cookiesFrom, signIn } from './support/sign-in.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const adminDeps = () => ({
  store: h.store,
  clock: h.clock,
  maxLifetimeDays: h.config.apiTokenMaxLifetimeDays,
  lookupGithubUser: githubUserLookup(h.emulator.url),
});

describe('accounts are bound to the GitHub user id, not the login', () => {
  test('create-user binds the account to the id GitHub has for the login now', async () => {
    const made = await createUserWithToken(adminDeps(), { login: 'CAROL', email: 'carol@example.com' });
    expect(made.account).toMatchObject({ githubLogin: 'carol', githubId: 1003 });
    const session = await signIn(h, 'carol');
    expect((await h.request('GET', '/api/v1/session', { cookie: session.cookie })).json.user).toMatchObject({
      id: made.account.id,
      github_id: 1003,
    });
    await expect(
      createUserWithToken(adminDeps(), { login: 'carol', email: 'c2@example.com', githubId: 1003 }),
    ).rejects.toMatchObject({ status: 409, code: 'account_exists' });
  });

  test('create-user refuses a login GitHub does not know, or an organization', async () => {
    await expect(
      createUserWithToken(adminDeps(), { login: 'nobody-here', email: 'n@example.com' }),
    ).rejects.toMatchObject({ status: 404, code: 'unknown_github_login' });
    await expect(createUserWithToken(adminDeps(), { login: 'acme', email: 'acme@example.com' })).rejects.toMatchObject({
      status: 404,
      code: 'unknown_github_login',
    });
    expect(await h.store.accounts.findByLogin('nobody-here')).toBeNull();
  });

  test('a login renamed and then claimed by someone else gets nothing of the old account', async () => {
    // The old holder of "alice" (GitHub id 7001) signed in once, saved options and has a token; then renamed.
    const old = await h.store.accounts.create(
      { githubLogin: 'alice', githubId: 7001, email: 'old-alice@example.com', name: 'Old Alice' },
      { via: 'admin' },
    );
    if (!old.ok) throw new Error('setup failed');
    await h.store.options.put(old.account.id, { branch: 'old-alice/secret' }, { via: 'admin' });
    // The emulator's alice (1001) is the new holder of the login.
    const session = await signIn(h, 'alice');
    const me = (await h.request('GET', '/api/v1/session', { cookie: session.cookie })).json.user;
    expect(me).toMatchObject({ github_login: 'alice', github_id: 1001 });
    expect(me.id).not.toBe(old.account.id);
    expect((await h.request('GET', '/api/v1/me/orchestrate-options', { cookie: session.cookie })).json).toMatchObject({
      options: { branch: 'rampart/harden-workflows' },
      updated_at: null,
    });
    expect(await h.store.accounts.get(old.account.id)).toMatchObject({ githubId: 7001 });
  });

  test('an account made without an id is not handed to whoever signs in with its login', async () => {
    const unbound = await h.store.accounts.create(
      { githubLogin: 'bob', githubId: null, email: 'bob@example.com', name: null },
      { via: 'admin' },
    );
    if (!unbound.ok) throw new Error('setup failed');
    const start = await h.request('GET', '/auth/github/login');
    const callback = new URL(await approveOnGitHub(start.headers.get('location') ?? '', 'bob'));
    const done = await h.request('GET', `${callback.pathname}${callback.search}`, {
      cookie: cookiesFrom(start.headers).get('rampart_oauth_state')?.pair ?? '',
    });
    expect(done.status).toBe(409);
    expect(done.json.error).toMatchObject({ code: 'account_not_bound' });
    expect(done.json.error.message).toMatch(/Save your GitHub PAT with that account's API token/);
    expect(cookiesFrom(done.headers).get('rampart_session')).toBeUndefined();
    expect(await h.store.accounts.get(unbound.account.id)).toMatchObject({ githubId: null });
  });

  test('names from a GitHub profile are kept without control or bidi characters', async () => {
    h.emulator.control.seed({
      users: [{ login: 'eve', id: 1005, email: 'eve@example.com', name: 'Eve\u202Egnp.exe\u0007' }],
    });
    const session = await signIn(h, 'eve');
    expect((await h.request('GET', '/api/v1/session', { cookie: session.cookie })).json.user).toMatchObject({
      github_login: 'eve',
      github_id: 1005,
      name: 'Evegnp.exe',
    });
  });

  test('create-user refuses an email or token name with control or bidi characters', async () => {
    await expect(
      createUserWithToken(adminDeps(), { login: 'dave', email: 'dave@example.com\nBcc: x@example.com' }),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_email' });
    await expect(
      createUserWithToken(adminDeps(), { login: 'dave', email: 'dave@example.com', tokenName: 'ci\u202E' }),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_token_name' });
  });
});
