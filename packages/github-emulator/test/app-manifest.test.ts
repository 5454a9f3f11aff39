import { sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { EmulatorHandle } from '../src/index.js';
import { APP, CLASSIC, client, failure, fakeToken, http, startSample } from './helpers.js';

// The App-manifest flow (register from a manifest, then convert the code) and the caller's organizations.
type Json = Record<string, any>;
const spec = JSON.parse(
  readFileSync(
    new URL('../../../node_modules/@octokit/openapi/generated/api.github.com.deref.json', import.meta.url),
    'utf8',
  ),
) as Json;
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (
  ajv: Ajv,
) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

/** GitHub's published shape, read as the emulator's OpenAPI test reads it (nullable → or null, oneOf → anyOf). */
function relax(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map(relax);
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) out[k === 'oneOf' ? 'anyOf' : k] = relax(v);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [{ ...out }, { type: 'null' }] };
  }
  return out;
}
function matches(path: string, method: string, status: string, data: unknown): string {
  const validate = ajv.compile(
    relax(spec.paths[path][method].responses[status].content['application/json'].schema) as object,
  );
  return validate(data) ? '' : ajv.errorsText(validate.errors);
}

const READ_ORG = fakeToken('ghp_', 'readorg');
let em: EmulatorHandle;
beforeAll(async () => {
  em = await startSample((seed) => {
    seed.orgs.push({ login: 'globex', id: 2002, members: { bob: 'member' } });
    seed.tokens.push({ token: READ_ORG, kind: 'classic', user: 'bob', scopes: ['read:org'] });
    seed.tokens.push({ token: fakeToken('ghp_', 'noorg'), kind: 'classic', user: 'bob', scopes: ['repo'] });
  });
});
afterAll(() => em.close());

const REDIRECT = 'http://127.0.0.1:9/done';
const manifest = (extra: Json = {}) =>
  JSON.stringify({
    name: 'Rampart Test',
    url: 'https://rampart.example.com',
    hook_attributes: { url: 'https://rampart.example.com/api/v1/github/webhooks' },
    redirect_url: REDIRECT,
    callback_urls: ['https://rampart.example.com/auth/github/callback'],
    default_permissions: { contents: 'write', pull_requests: 'write', workflows: 'write', metadata: 'read' },
    default_events: ['pull_request'],
    ...extra,
  });

async function register(path: string, fields: Record<string, string>) {
  return fetch(`${em.url}${path}`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
}

function jwtFor(pem: string, iss: string): string {
  const now = Math.floor(Date.now() / 1000);
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = enc({ alg: 'RS256', typ: 'JWT' });
  const body = enc({ iat: now - 30, exp: now + 540, iss });
  return `${head}.${body}.${sign('RSA-SHA256', Buffer.from(`${head}.${body}`), pem).toString('base64url')}`;
}

test('a manifest registers an App; its code converts once into credentials that work', async () => {
  const page = await register('/settings/apps/new?state=s1', { manifest: manifest() });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Create GitHub App as alice');

  const created = await register('/settings/apps/new?state=s1', { manifest: manifest(), login: 'alice' });
  expect(created.status).toBe(302);
  const back = new URL(created.headers.get('location') ?? '');
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
  expect(back.searchParams.get('state')).toBe('s1');
  const code = back.searchParams.get('code') ?? '';

  const res = await client(em).rest.apps.createFromManifest({ code });
  expect(res.status).toBe(201);
  expect(matches('/app-manifests/{code}/conversions', 'post', '201', res.data)).toBe('');
  const app = res.data as Json;
  expect(app).toMatchObject({
    name: 'Rampart Test',
    slug: 'rampart-test',
    permissions: { contents: 'write', workflows: 'write' },
    events: ['pull_request'],
  });
  expect(app.pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
  expect(app.webhook_secret).toMatch(/^[0-9a-f]{40}$/);

  // Converted once: the code is spent.
  expect((await failure(client(em).rest.apps.createFromManifest({ code }))).status).toBe(404);
  const me = await http(em, 'GET', '/app', undefined, undefined, {
    authorization: `Bearer ${jwtFor(String(app.pem), String(app.client_id))}`,
  });
  expect(me.status).toBe(200);
  expect(me.json.id).toBe(app.id);
});

test('an organization App needs an organization owner; a taken name is refused', async () => {
  expect(
    (await register('/organizations/acme/settings/apps/new', { manifest: manifest({ name: 'Org App' }), login: 'bob' }))
      .status,
  ).toBe(403);
  const ok = await register('/organizations/acme/settings/apps/new', {
    manifest: manifest({ name: 'Org App' }),
    login: 'alice',
  });
  expect(ok.status).toBe(302);
  const code = new URL(ok.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const { data } = await client(em).rest.apps.createFromManifest({ code });
  expect((data as Json).owner.login).toBe('acme');
  expect(
    (await register('/settings/apps/new', { manifest: manifest({ name: 'Org App' }), login: 'alice' })).status,
  ).toBe(422);
  expect((await register('/settings/apps/new', { manifest: '{"name":"x"}', login: 'alice' })).status).toBe(422);
});

test('GET /user/orgs and /user/memberships/orgs list the caller’s organizations', async () => {
  const orgs = await client(em, READ_ORG).rest.orgs.listForAuthenticatedUser();
  expect(orgs.data.map((o) => o.login)).toEqual(['acme', 'globex']);
  expect(matches('/user/orgs', 'get', '200', orgs.data)).toBe('');
  expect((await failure(client(em, fakeToken('ghp_', 'noorg')).rest.orgs.listForAuthenticatedUser())).status).toBe(403);

  const memberships = await client(em, CLASSIC).rest.orgs.listMembershipsForAuthenticatedUser();
  expect(memberships.data.map((m) => [m.organization.login, m.role, m.state])).toEqual([['acme', 'admin', 'active']]);
  expect(matches('/user/memberships/orgs', 'get', '200', memberships.data)).toBe('');
});

test("a GitHub App's user token sees only the organizations where the App is installed", async () => {
  const authorize = await fetch(
    `${em.url}/login/oauth/authorize?client_id=${APP.client_id}&redirect_uri=${encodeURIComponent(REDIRECT)}&login=bob&state=x`,
    { redirect: 'manual' },
  );
  const code = new URL(authorize.headers.get('location') ?? '', em.url).searchParams.get('code') ?? '';
  const tokenRes = await fetch(`${em.url}/login/oauth/access_token`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: APP.client_id, client_secret: APP.client_secret, code }),
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  // The sample App is installed on acme only; bob is also in globex.
  const orgs = await client(em, token).rest.orgs.listForAuthenticatedUser();
  expect(orgs.data.map((o) => o.login)).toEqual(['acme']);
  // Memberships need the App's Members permission, which the sample App lacks.
  expect((await failure(client(em, token).rest.orgs.listMembershipsForAuthenticatedUser())).status).toBe(403);
});

test('an App that expires user tokens hands out ghu_ tokens with a refresh token that works once', async () => {
  const app = em.state.apps.get(APP.id);
  if (!app) throw new Error('no sample App');
  app.userTokenLifetimeSeconds = 60;
  try {
    const authorize = await fetch(
      `${em.url}/login/oauth/authorize?client_id=${APP.client_id}&redirect_uri=${encodeURIComponent(REDIRECT)}&login=alice`,
      { redirect: 'manual' },
    );
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = async (grant: Record<string, string>) =>
      (await (
        await fetch(`${em.url}/login/oauth/access_token`, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ client_id: APP.client_id, client_secret: APP.client_secret, ...grant }),
        })
      ).json()) as Record<string, string>;
    const first = await token({ code });
    expect(first).toMatchObject({
      access_token: expect.stringMatching(/^ghu_/),
      expires_in: '60',
      refresh_token: expect.stringMatching(/^ghr_/),
      refresh_token_expires_in: '15811200',
    });
    const second = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' });
    expect(second.access_token).toMatch(/^ghu_/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' })).toMatchObject({
      error: 'bad_refresh_token',
    });
    // The access token stops working when its lifetime ends.
    expect((await http(em, 'GET', '/user', second.access_token)).status).toBe(200);
    em.state.clockOffsetMs += 61_000;
    expect((await http(em, 'GET', '/user', second.access_token)).status).toBe(401);
  } finally {
    app.userTokenLifetimeSeconds = null;
    em.state.clockOffsetMs = 0;
  }
});
