import { startHarness, type Harness } from './support/harness.js';
import { approveOnGitHub, cookiesFrom, signIn } from './support/sign-in.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('sign-in with GitHub through the emulator', () => {
  test('creates the account by GitHub user id and sets a safe session cookie', async () => {
    const session = await signIn(h, 'carol', '/settings?tab=pat');
    expect(session.landing).toBe('/settings?tab=pat');
    expect(session.sessionCookieAttributes).toMatch(/HttpOnly/);
    expect(session.sessionCookieAttributes).toMatch(/SameSite=Lax/);
    // Secure is left off only because the public URL is http://127.0.0.1 (local development).
    expect(session.sessionCookieAttributes).not.toMatch(/Secure/);
    const info = await h.request('GET', '/api/v1/session', { cookie: session.cookie });
    expect(info.json.user).toMatchObject({
      github_login: 'carol',
      github_id: 1003,
      name: 'Carol',
      email: 'carol@example.com',
    });
    expect(info.json.csrf_token).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const again = await signIn(h, 'carol');
    const second = await h.request('GET', '/api/v1/session', { cookie: again.cookie });
    expect(second.json.user.id).toBe(info.json.user.id);
    expect(again.cookie).not.toBe(session.cookie);
    const audit = await h.request('GET', '/api/v1/me/audit', { cookie: again.cookie });
    expect(audit.json.events.filter((e: { type: string }) => e.type === 'session.signed_in')).toHaveLength(2);
  });

  test('an account made by create-user is bound to the GitHub id at once, and found by it on sign-in', async () => {
    const made = await h.createUser('bob');
    const session = await signIn(h, 'bob');
    const info = await h.request('GET', '/api/v1/session', { cookie: session.cookie });
    expect(info.json.user).toMatchObject({ id: made.accountId, github_id: 1002 });
  });

  test('state-changing requests with the cookie need the CSRF token', async () => {
    const session = await signIn(h, 'alice');
    const body = { json: { branch: 'rampart/x' } };
    expect(await h.request('PUT', '/api/v1/me/orchestrate-options', { cookie: session.cookie, ...body })).toMatchObject(
      { status: 403, json: { error: { code: 'csrf_failed' } } },
    );
    expect(
      (await h.request('PUT', '/api/v1/me/orchestrate-options', { cookie: session.cookie, csrf: 'wrong', ...body }))
        .status,
    ).toBe(403);
    expect(
      (
        await h.request('PUT', '/api/v1/me/orchestrate-options', {
          cookie: session.cookie,
          csrf: session.csrf,
          ...body,
        })
      ).status,
    ).toBe(200);
    expect(
      (await h.request('GET', '/api/v1/me/orchestrate-options', { cookie: session.cookie })).json.options.branch,
    ).toBe('rampart/x');
    expect(
      (
        await h.request('POST', '/api/v1/me/tokens', {
          cookie: session.cookie,
          json: { name: 'x', scopes: ['runs:read'] },
        })
      ).json.error.code,
    ).toBe('csrf_failed');
    const created = await h.request('POST', '/api/v1/me/tokens', {
      cookie: session.cookie,
      csrf: session.csrf,
      json: { name: 'from-browser', scopes: ['runs:read'] },
    });
    expect(created.status).toBe(201);
    // A Bearer request needs no CSRF token: browsers never attach one by themselves.
    expect((await h.request('GET', '/api/v1/me', { token: created.json.token })).status).toBe(200);
  });

  test('logout needs the CSRF token and ends the session', async () => {
    const session = await signIn(h, 'alice');
    expect((await h.request('POST', '/auth/logout', { cookie: session.cookie })).status).toBe(403);
    const out = await h.request('POST', '/auth/logout', { cookie: session.cookie, csrf: session.csrf });
    expect(out.status).toBe(204);
    expect(cookiesFrom(out.headers).get('rampart_session')?.attributes).toMatch(/Max-Age=0/);
    expect(await h.request('GET', '/api/v1/session', { cookie: session.cookie })).toMatchObject({
      status: 401,
      json: { error: { code: 'unauthenticated' } },
    });
    expect((await h.request('GET', '/api/v1/session')).json.error.message).toMatch(/not signed in/);
  });

  test('/api/v1/session is for browser sessions only', async () => {
    const { token } = await h.createUser('frank');
    expect((await h.request('GET', '/api/v1/session', { token })).status).toBe(401);
  });
});

describe('sign-in refusals', () => {
  test('a callback without the browser-bound state, or replayed, is refused', async () => {
    const start = await h.request('GET', '/auth/github/login');
    const stateCookie = cookiesFrom(start.headers).get('rampart_oauth_state');
    expect(stateCookie?.attributes).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/);
    const callback = new URL(await approveOnGitHub(start.headers.get('location') ?? '', 'alice'));
    const path = `${callback.pathname}${callback.search}`;
    expect(await h.request('GET', path)).toMatchObject({
      status: 400,
      json: { error: { code: 'oauth_state_invalid' } },
    });
    expect((await h.request('GET', path, { cookie: 'rampart_oauth_state=forged' })).status).toBe(400);
    expect((await h.request('GET', path, { cookie: stateCookie?.pair ?? '' })).status).toBe(303);
    expect((await h.request('GET', path, { cookie: stateCookie?.pair ?? '' })).json.error.code).toBe(
      'oauth_state_invalid',
    );
  });

  test('a user who declines is told so', async () => {
    const res = await h.request(
      'GET',
      '/auth/github/callback?error=access_denied&error_description=The+user+has+denied+your+application+access.&state=x',
    );
    expect(res).toMatchObject({
      status: 400,
      json: {
        error: {
          code: 'oauth_denied',
          message: 'GitHub did not sign you in: The user has denied your application access..',
        },
      },
    });
  });

  test('a bad code is refused with GitHub’s reason', async () => {
    const start = await h.request('GET', '/auth/github/login');
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const res = await h.request('GET', `/auth/github/callback?code=bogus&state=${state}`, {
      cookie: cookiesFrom(start.headers).get('rampart_oauth_state')?.pair ?? '',
    });
    expect(res).toMatchObject({ status: 400, json: { error: { code: 'oauth_failed' } } });
    expect(res.json.error.message).toMatch(/incorrect or expired/);
  });

  test('return_to must stay on this site', async () => {
    for (const target of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
      expect((await h.request('GET', `/auth/github/login?return_to=${encodeURIComponent(target)}`)).status).toBe(400);
    }
  });

  test('the authorize URL carries the client id, the callback and the state', async () => {
    const start = await h.request('GET', '/auth/github/login');
    const location = new URL(start.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${h.emulator.url}/login/oauth/authorize`);
    expect(location.searchParams.get('client_id')).toBe(h.config.githubApp?.clientId);
    expect(location.searchParams.get('redirect_uri')).toBe(`${h.url}/auth/github/callback`);
    expect(location.searchParams.get('state')).toBe(
      decodeURIComponent(cookiesFrom(start.headers).get('rampart_oauth_state')?.pair.split('=')[1] ?? ''),
    );
  });
});

describe('without the GitHub App settings', () => {
  test('sign-in answers 404 and says how to authenticate instead', async () => {
    const bare = await startHarness({
      env: {
        GITHUB_APP_ID: '',
        GITHUB_APP_PRIVATE_KEY: '',
        GITHUB_APP_CLIENT_ID: '',
        GITHUB_APP_CLIENT_SECRET: '',
        GITHUB_APP_WEBHOOK_SECRET: '',
      },
    });
    try {
      expect(bare.config.githubApp).toBeNull();
      const res = await bare.request('GET', '/auth/github/login');
      expect(res).toMatchObject({ status: 404, json: { error: { code: 'signin_unavailable' } } });
      expect(res.json.error.message).toMatch(/GITHUB_APP_\* settings are absent\); use an API token/);
    } finally {
      await bare.close();
    }
  });
});
