import { startMembershipSweep } from '../../../src/api/membership-sweep.js';
import { suspendAccount } from '../../../src/accounts/suspend-account.js';
import { collectingDestination, createLogger } from '../../../src/log.js';
import { dumpPrefix, startHarness, type Harness } from './support/harness.js';
import { APP } from './support/seed.js';
import { approveOnGitHub, cookiesFrom, signIn } from './support/sign-in.js';

// RAMPART_ALLOWED_ORGS / RAMPART_ALLOWED_LOGINS against the emulator: who may sign in (and get an account), and the
// membership check that suspends an account once its membership ends.

/** The sign-in up to the callback's answer, which the refusals need (signIn() insists on success). */
async function callback(h: Harness, login: string) {
  const start = await h.request('GET', '/auth/github/login');
  const state = cookiesFrom(start.headers).get('rampart_oauth_state');
  const back = new URL(await approveOnGitHub(start.headers.get('location') ?? '', login));
  return h.request('GET', `${back.pathname}${back.search}`, { cookie: state?.pair ?? '' });
}

describe('RAMPART_ALLOWED_ORGS', () => {
  let h: Harness;
  const logs: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ env: { RAMPART_ALLOWED_ORGS: 'acme', RAMPART_MEMBERSHIP_CHECK_HOURS: '1' } });
    // GitHub lists to an App's user token only the organizations where the App is installed.
    h.emulator.control.addInstallation({ app_id: APP.id, account: 'acme' });
  });
  afterAll(async () => h?.close());

  const sweep = () =>
    startMembershipSweep(
      {
        config: h.config,
        redis: h.redis,
        store: h.store,
        vault: h.vault,
        clock: h.clock,
        logger: createLogger({ level: 'info', destination: collectingDestination((l) => logs.push(l)) }),
      },
      { intervalMs: 3600_000 },
    );

  test('someone outside the organizations is refused with a sentence, and no account is made', async () => {
    const res = await callback(h, 'carol');
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: 'signin_not_allowed' });
    expect(res.json.error.message).toMatch(/limited to the members of certain GitHub organizations/);
    expect(res.json.error.message).not.toContain('acme');
    expect(cookiesFrom(res.headers).get('rampart_session')).toBeUndefined();
    expect(await h.store.accounts.findByGithubId(1003)).toBeNull();
    const service = await h.store.audit.listService({ limit: 10 });
    expect(service.find((e) => e.type === 'signin.refused')?.details).toMatchObject({
      github_login: 'carol',
      github_id: 1003,
    });
  });

  test('a member signs in; the membership is recorded and the token kept only sealed', async () => {
    const session = await signIn(h, 'alice');
    const account = await h.store.accounts.findByGithubId(1001);
    expect(account).toMatchObject({ status: 'active', membership: { orgs: ['acme'] } });
    expect((await h.request('GET', '/api/v1/me', { cookie: session.cookie })).status).toBe(200);
    const record = await h.store.userTokens.get(account?.id ?? '');
    expect(record?.sealed.kid).toBe('k1');
    // No GitHub token in clear anywhere under the prefix.
    for (const { value } of await dumpPrefix(h.redis, h.prefix)) expect(value).not.toMatch(/gh[ou]_[A-Za-z0-9]{20,}/);
  });

  test('a member who leaves is suspended at the next check: sessions end, tokens are refused, waiting jobs cancelled; rejoining and signing in lifts it', async () => {
    const session = await signIn(h, 'bob');
    const created = await h.request('POST', '/api/v1/me/tokens', {
      cookie: session.cookie,
      csrf: session.csrf,
      json: { name: 'ci', scopes: ['runs:read'] },
    });
    const bob = await h.store.accounts.findByGithubId(1002);
    if (!bob) throw new Error('no account for bob');
    const run = await h.store.runs.create({
      accountId: bob.id,
      repositories: ['acme/api'],
      options: {},
      credentialGeneration: 0,
      withPat: false,
    });

    h.emulator.state.org('acme')?.members.delete('bob');
    // Not due yet: the check interval (1 h) has not passed.
    const early = sweep();
    await early.stop();
    expect((await h.store.accounts.get(bob.id))?.status).toBe('active');

    h.clock.advance(2 * 3600_000);
    const due = sweep();
    await due.stop();
    const suspended = await h.store.accounts.get(bob.id);
    expect(suspended).toMatchObject({ status: 'suspended', suspension: { reason: 'membership' } });
    expect(suspended?.suspension?.message).toMatch(/no longer lists you as a member of acme/);
    expect((await h.request('GET', '/api/v1/me', { cookie: session.cookie })).status).toBe(401);
    const refused = await h.request('GET', '/api/v1/me', { token: created.json.token });
    expect(refused).toMatchObject({ status: 403, json: { error: { code: 'account_suspended' } } });
    expect((await h.store.runs.result(run.id, 'acme/api'))?.status).toBe('cancelled');
    const events = await h.store.audit.list(bob.id, { limit: 20 });
    expect(events.find((e) => e.type === 'account.suspended')).toMatchObject({
      via: 'membership-check',
      details: { reason: 'membership' },
    });
    expect(logs.join('')).toMatch(/account suspended: no longer a member of an allowed organization/);

    // Still outside: signing in is refused. Back in acme: signing in reinstates the account.
    expect((await callback(h, 'bob')).status).toBe(403);
    h.emulator.state.org('acme')?.members.set('bob', { login: 'bob', role: 'member' });
    await signIn(h, 'bob');
    expect(await h.store.accounts.get(bob.id)).toMatchObject({ status: 'active', suspension: null });
    expect((await h.request('GET', '/api/v1/me', { token: created.json.token })).status).toBe(200);
  });

  test('expiring user tokens are refreshed at the check; a refresh GitHub refuses suspends until the next sign-in', async () => {
    const app = h.emulator.state.apps.get(APP.id);
    if (!app) throw new Error('no App');
    // GitHub's default for Apps: user tokens that expire, with a refresh token.
    app.userTokenLifetimeSeconds = 3600;
    const later = (ms: number) => {
      h.clock.advance(ms);
      h.emulator.state.clockOffsetMs += ms;
    };
    try {
      await signIn(h, 'alice');
      const alice = await h.store.accounts.findByGithubId(1001);
      if (!alice) throw new Error('no account for alice');
      const first = await h.store.userTokens.get(alice.id);
      expect(first).toMatchObject({ accessExpiresAt: expect.any(String), refreshExpiresAt: expect.any(String) });

      // The access token has expired at GitHub and the check is due: it refreshes, then checks.
      later(2 * 3600_000);
      await sweep().stop();
      const refreshed = await h.store.userTokens.get(alice.id);
      expect(Date.parse(refreshed?.accessExpiresAt ?? '')).toBeGreaterThan(Date.parse(first?.accessExpiresAt ?? ''));
      expect(await h.store.accounts.get(alice.id)).toMatchObject({ status: 'active', membership: { orgs: ['acme'] } });

      // The person revoked Rampart's authorization: GitHub refuses the refresh token.
      h.emulator.state.refreshTokens.clear();
      later(2 * 3600_000);
      await sweep().stop();
      const suspended = await h.store.accounts.get(alice.id);
      expect(suspended).toMatchObject({ status: 'suspended', suspension: { reason: 'membership' } });
      expect(suspended?.suspension?.message).toMatch(/sign in again/);
      await signIn(h, 'alice');
      expect((await h.store.accounts.get(alice.id))?.status).toBe('active');
    } finally {
      app.userTokenLifetimeSeconds = null;
    }
  });

  test("an operator's suspension stands at sign-in", async () => {
    const alice = await h.store.accounts.findByGithubId(1001);
    if (!alice) throw new Error('no account for alice');
    await suspendAccount(
      { store: h.store, clock: h.clock },
      alice,
      { reason: 'operator', message: 'left the company' },
      { via: 'admin' },
    );
    const res = await callback(h, 'alice');
    expect(res).toMatchObject({ status: 403, json: { error: { code: 'account_suspended' } } });
    expect(res.json.error.message).toMatch(/An operator suspended your Rampart account .*left the company/);
  });
});

describe('RAMPART_ALLOWED_LOGINS', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { RAMPART_ALLOWED_LOGINS: 'carol:1003, bob' } });
  });
  afterAll(async () => h?.close());

  test('listed users get in (by id where given, else by login); others are refused', async () => {
    await signIn(h, 'carol');
    await signIn(h, 'bob');
    expect(await h.store.accounts.findByGithubId(1003)).toMatchObject({ status: 'active', membership: null });
    expect((await callback(h, 'alice')).json.error.code).toBe('signin_not_allowed');
    expect(await h.store.accounts.findByGithubId(1001)).toBeNull();
    // No organization to check: nothing is kept of the sign-in's token.
    expect(await h.store.userTokens.get((await h.store.accounts.findByGithubId(1003))?.id ?? '')).toBeNull();
  });
});
