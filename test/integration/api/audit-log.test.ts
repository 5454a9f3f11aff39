import { compareIds } from '../../../src/store/audit-store.js';
import { startHarness, type Harness } from './support/harness.js';
import { signIn } from './support/sign-in.js';

// GET /api/v1/audit and its page: a user's own events; an operator (RAMPART_OPERATOR_LOGINS, admin scope) sees all.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { RAMPART_OPERATOR_LOGINS: 'alice:1001' } });
});
afterAll(async () => h?.close());

type Event = { id: string; type: string; account: { id: string; github_login: string | null } | null };

test('a user sees only their own events; an operator sees every account’s and the service’s', async () => {
  const bob = await h.createUser('bob');
  await h.store.audit.recordService(
    'signin.refused',
    { via: 'github-sign-in' },
    { github_login: 'mallory', github_id: 666 },
  );

  const own = await h.request('GET', '/api/v1/audit', { token: bob.token });
  expect(own.status).toBe(200);
  expect(own.json.scope).toBe('own');
  expect((own.json.events as Event[]).map((e) => e.type)).toEqual(['token.created', 'account.created']);
  expect((own.json.events as Event[]).every((e) => e.account?.github_login === 'bob')).toBe(true);

  const alice = await signIn(h, 'alice');
  const all = await h.request('GET', '/api/v1/audit', { cookie: alice.cookie });
  expect(all.json.scope).toBe('all');
  const events = all.json.events as Event[];
  expect(events[0]).toMatchObject({ type: 'session.signed_in', account: { github_login: 'alice' } });
  expect(events.find((e) => e.type === 'signin.refused')).toMatchObject({ account: null });
  expect(events.filter((e) => e.account?.github_login === 'bob').map((e) => e.type)).toEqual([
    'token.created',
    'account.created',
  ]);
  // Newest first across streams, and pages continue where the last one ended.
  const ids = events.map((e) => e.id);
  expect([...ids].sort((a, b) => compareIds(b, a))).toEqual(ids);
  const first = await h.request('GET', '/api/v1/audit?limit=2', { cookie: alice.cookie });
  const next = await h.request('GET', `/api/v1/audit?limit=2&before=${first.json.next_before}`, {
    cookie: alice.cookie,
  });
  expect([...first.json.events, ...next.json.events].map((e: Event) => e.id)).toEqual(ids.slice(0, 4));

  const onlyBob = await h.request('GET', '/api/v1/audit?account=bob', { cookie: alice.cookie });
  expect((onlyBob.json.events as Event[]).map((e) => e.account?.github_login)).toEqual(['bob', 'bob']);
  // An operator's token without the admin scope reads like anyone's.
  const created = await h.request('POST', '/api/v1/me/tokens', {
    cookie: alice.cookie,
    csrf: alice.csrf,
    json: { name: 'read', scopes: ['credentials:read'] },
  });
  expect((await h.request('GET', '/api/v1/audit', { token: created.json.token })).json.scope).toBe('own');
});

test('the Audit log page is in the navigation; the App setup page shows the command for a code', async () => {
  const alice = await signIn(h, 'alice');
  const page = await h.request('GET', '/audit', { cookie: alice.cookie });
  expect(page.status).toBe(200);
  expect(page.text).toContain('data-page="audit"');
  expect(page.text).toMatch(/<a href="\/audit" aria-current="page">Audit log<\/a>/);
  expect((await h.request('GET', '/audit')).status).toBe(303);

  const setup = await h.request('GET', '/setup/github-app?code=abc123');
  expect(setup.text).toContain('rampart admin app-manifest --code abc123');
  const bad = await h.request('GET', '/setup/github-app?code=%3Cscript%3E');
  expect(bad.text).not.toContain('<script>');
  expect(bad.text).toContain('there is none here');
});
