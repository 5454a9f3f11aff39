import type { EmulatorHandle } from '../src/index.js';
import { APP, http, startSample } from './helpers.js';

// The OAuth web flow: sign-in page, redirect with code and state, code exchange, gho_ tokens.
let em: EmulatorHandle;
beforeAll(async () => {
  em = await startSample();
});
afterAll(() => em.close());

const REDIRECT = 'http://127.0.0.1:9/callback';

async function authorize(login: string, scope = 'read:user'): Promise<URL> {
  const page = await fetch(
    `${em.url}/login/oauth/authorize?client_id=${APP.client_id}&redirect_uri=${encodeURIComponent(REDIRECT)}&state=xyz&scope=${encodeURIComponent(scope)}`,
  );
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Sign in as alice');
  expect(html).toContain('Sign in as bob');
  // Submit the form the way a browser would.
  const form = new URLSearchParams({ client_id: APP.client_id, redirect_uri: REDIRECT, state: 'xyz', scope, login });
  const res = await fetch(`${em.url}/login/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

async function exchange(code: string, accept = 'application/json', secret = APP.client_secret) {
  const res = await fetch(`${em.url}/login/oauth/access_token`, {
    method: 'POST',
    headers: { accept, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: APP.client_id, client_secret: secret, code, redirect_uri: REDIRECT }),
  });
  expect(res.status).toBe(200);
  return res;
}

test('sign in as a seeded user and exchange the code for a gho_ token', async () => {
  const redirect = await authorize('bob', 'repo workflow');
  expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT);
  expect(redirect.searchParams.get('state')).toBe('xyz');
  const code = redirect.searchParams.get('code') ?? '';
  const body = (await (await exchange(code)).json()) as Record<string, string>;
  expect(body).toMatchObject({ token_type: 'bearer', scope: 'repo,workflow' });
  expect(body.access_token).toMatch(/^gho_[A-Za-z0-9]{36}$/);
  const me = await http(em, 'GET', '/user', body.access_token);
  expect(me.json.login).toBe('bob');
  expect(me.headers.get('x-oauth-scopes')).toBe('repo, workflow');
  expect(me.headers.get('x-oauth-client-id')).toBe(APP.client_id);
  // Codes are single-use.
  expect(await (await exchange(code)).json()).toMatchObject({
    error: 'bad_verification_code',
    error_description: 'The code passed is incorrect or expired.',
  });
});

test('form-encoded answer by default, JSON body accepted, client credentials checked', async () => {
  const code = (await authorize('alice')).searchParams.get('code') ?? '';
  const wrong = await exchange(code, 'application/json', 'nope');
  expect(await wrong.json()).toMatchObject({ error: 'incorrect_client_credentials' });
  const form = await exchange(code, '*/*');
  expect(form.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
  const parsed = new URLSearchParams(await form.text());
  expect(parsed.get('access_token')).toMatch(/^gho_/);
  expect(parsed.get('scope')).toBe('read:user');
  // Without `repo` the private repositories stay hidden.
  expect((await http(em, 'GET', '/repos/alice/webapp', parsed.get('access_token') ?? '')).status).toBe(404);

  const code2 = (await authorize('alice')).searchParams.get('code') ?? '';
  const json = await fetch(`${em.url}/login/oauth/access_token`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: APP.client_id, client_secret: APP.client_secret, code: code2 }),
  });
  expect(((await json.json()) as Record<string, string>).access_token).toMatch(/^gho_/);
});

test('unknown client_id is a 404 page; login= shortcut skips the page', async () => {
  expect((await fetch(`${em.url}/login/oauth/authorize?client_id=nope`)).status).toBe(404);
  const res = await fetch(
    `${em.url}/login/oauth/authorize?client_id=${APP.client_id}&redirect_uri=${encodeURIComponent(REDIRECT)}&login=alice&state=s`,
    { redirect: 'manual' },
  );
  expect(res.status).toBe(302);
  expect(new URL(res.headers.get('location') ?? '').searchParams.get('state')).toBe('s');
});
