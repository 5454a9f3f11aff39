import { startHarness, type Harness } from './support/harness.js';

const DAY = 24 * 3600 * 1000;
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS = 'urn:ietf:params:oauth:token-type:access_token';

let h: Harness;
let admin: string;

beforeAll(async () => {
  h = await startHarness();
  admin = (await h.createUser('alice')).token;
});
afterAll(async () => h?.close());

async function create(token: string, body: Record<string, unknown>) {
  return h.request('POST', '/api/v1/me/tokens', { token, json: body });
}

function exchange(form: Record<string, string>) {
  return h.request('POST', '/api/v1/oauth/token', { form });
}

describe('API tokens', () => {
  test('created with a name, scopes and expiry; shown once; listed without the token; last use recorded', async () => {
    const made = await create(admin, { name: 'ci', scopes: ['credentials:read', 'runs:read'], expiration: 7 });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({
      name: 'ci',
      scopes: ['credentials:read', 'runs:read'],
      expired: false,
      last_used_at: null,
    });
    expect(made.json.token).toMatch(/^rpat_[0-9A-Za-z]{38}$/);
    expect(Date.parse(made.json.expires_at) - Date.parse(made.json.created_at)).toBe(7 * DAY);

    expect((await h.request('GET', '/api/v1/me', { token: made.json.token })).json.auth).toMatchObject({
      via: 'api-token',
      token_id: made.json.id,
    });
    const list = await h.request('GET', '/api/v1/me/tokens', { token: admin });
    expect(list.status).toBe(200);
    const listed = list.json.tokens.find((t: { id: string }) => t.id === made.json.id);
    expect(listed).toMatchObject({
      name: 'ci',
      scopes: ['credentials:read', 'runs:read'],
      expires_at: made.json.expires_at,
    });
    expect(listed.last_used_at).not.toBeNull();
    expect(list.text).not.toContain(made.json.token);
  });

  test('expiry choices: a date, and the refusals', async () => {
    const dated = await create(admin, {
      name: 'dated',
      scopes: ['runs:read'],
      expiration: new Date(h.clock.now() + 10 * DAY).toISOString().slice(0, 10),
    });
    expect(dated.status).toBe(201);
    expect(dated.json.expires_at).toMatch(/T23:59:59\.000Z$/);
    expect(await create(admin, { name: 'forever', scopes: ['runs:read'], expiration: 'none' })).toMatchObject({
      status: 422,
      json: { error: { code: 'expiration_not_allowed' } },
    });
    expect(
      (await create(admin, { name: 'past', scopes: ['runs:read'], expiration: '2001-01-01' })).json.error.code,
    ).toBe('expiration_in_past');
    expect(
      (
        await create(admin, {
          name: 'long',
          scopes: ['runs:read'],
          expiration: new Date(h.clock.now() + 200 * DAY).toISOString(),
        })
      ).json.error.code,
    ).toBe('expiration_too_long');
    expect((await create(admin, { name: 'odd', scopes: ['runs:read'], expiration: 45 })).status).toBe(400);
    expect((await create(admin, { name: 'ci', scopes: ['runs:read'] })).json.error.code).toBe('token_name_taken');
    expect(await create(admin, { name: 'x', scopes: ['root'] })).toMatchObject({
      status: 400,
      json: { error: { code: 'invalid_request' } },
    });
    expect((await create(admin, { name: 'x', scopes: [] })).status).toBe(400);
    expect((await create(admin, { name: 'x', scopes: ['runs:read'], extra: 1 })).json.error.message).toMatch(
      /Unrecognized key/,
    );
  });

  test('a token cannot create a token with scopes it lacks', async () => {
    const narrow = await create(admin, { name: 'narrow-maker', scopes: ['tokens:write', 'runs:read'] });
    const wider = await create(narrow.json.token, { name: 'wider', scopes: ['runs:read', 'credentials:write'] });
    expect(wider).toMatchObject({ status: 403, json: { error: { code: 'insufficient_scope' } } });
    expect(wider.json.error.message).toContain('credentials:write');
    expect((await create(narrow.json.token, { name: 'same', scopes: ['runs:read'] })).status).toBe(201);
  });

  test('expired tokens get 401 token_expired, and are listed as expired', async () => {
    const soon = await create(admin, { name: 'week', scopes: ['runs:read', 'tokens:write'], expiration: 7 });
    expect((await h.request('GET', '/api/v1/me', { token: soon.json.token })).status).toBe(200);
    h.clock.advance(8 * DAY);
    try {
      const res = await h.request('GET', '/api/v1/me', { token: soon.json.token });
      expect(res).toMatchObject({ status: 401, json: { error: { code: 'token_expired' } } });
      expect(res.json.error.message).toContain('("week") expired at');
      expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
      const listed = (await h.request('GET', '/api/v1/me/tokens', { token: admin })).json.tokens.find(
        (t: { id: string }) => t.id === soon.json.id,
      );
      expect(listed.expired).toBe(true);
    } finally {
      h.clock.advance(-8 * DAY);
    }
  });

  test('revocation is immediate and says so; another account cannot revoke it', async () => {
    const victim = await create(admin, { name: 'to-revoke', scopes: ['runs:read'] });
    const bob = await h.createUser('bob');
    expect(await h.request('DELETE', `/api/v1/me/tokens/${victim.json.id}`, { token: bob.token })).toMatchObject({
      status: 404,
      json: { error: { code: 'token_not_found' } },
    });
    expect((await h.request('GET', '/api/v1/me', { token: victim.json.token })).status).toBe(200);
    expect((await h.request('DELETE', `/api/v1/me/tokens/${victim.json.id}`, { token: admin })).status).toBe(204);
    const after = await h.request('GET', '/api/v1/me', { token: victim.json.token });
    expect(after).toMatchObject({ status: 401, json: { error: { code: 'token_revoked' } } });
    expect(after.json.error.message).toContain('("to-revoke") was revoked at');
    expect((await h.request('DELETE', `/api/v1/me/tokens/${victim.json.id}`, { token: admin })).status).toBe(404);
    const ids = (await h.request('GET', '/api/v1/me/tokens', { token: admin })).json.tokens.map(
      (t: { id: string }) => t.id,
    );
    expect(ids).not.toContain(victim.json.id);
  });

  test('missing, malformed, unknown and foreign credentials get 401 with a clear message', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{}, /not signed in/],
      [{ authorization: 'Basic abc' }, /must be "Bearer <token>"/],
      [{ authorization: 'Bearer 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' }, /That is a GitHub token/],
      [{ authorization: `Bearer ${admin.slice(0, -1)}${admin.endsWith('a') ? 'b' : 'a'}` }, /checksum does not match/],
      [{ authorization: 'Bearer nonsense' }, /start with rpat_/],
    ];
    for (const [headers, message] of cases) {
      const res = await h.request('GET', '/api/v1/me', { headers });
      expect(res.status).toBe(401);
      expect(res.json.error.message).toMatch(message);
    }
  });

  test('an under-scoped token gets 403 naming the scope', async () => {
    const reader = await create(admin, { name: 'reader', scopes: ['runs:read'] });
    const res = await h.request('GET', '/api/v1/me/github-pat', { token: reader.json.token });
    expect(res).toMatchObject({ status: 403, json: { error: { code: 'insufficient_scope' } } });
    expect(res.json.error.message).toBe('This endpoint needs the credentials:read scope; this token has runs:read.');
    expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope".*scope="credentials:read"/);
  });
});

describe('token exchange (RFC 8693)', () => {
  test('narrows scopes, expires in 15 minutes, and cannot be exchanged again or create tokens', async () => {
    const res = await exchange({
      grant_type: EXCHANGE,
      subject_token: admin,
      subject_token_type: ACCESS,
      scope: 'credentials:read tokens:write',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({
      issued_token_type: ACCESS,
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'credentials:read tokens:write',
    });
    const access = res.json.access_token as string;
    expect(access).toMatch(/^rpax_/);

    const me = await h.request('GET', '/api/v1/me', { token: access });
    expect(me.json.auth).toMatchObject({ via: 'access-token', scopes: ['credentials:read', 'tokens:write'] });
    expect((await h.request('GET', '/api/v1/me/orchestrate-options', { token: access })).json.error.code).toBe(
      'insufficient_scope',
    );
    expect((await create(access, { name: 'from-access', scopes: ['credentials:read'] })).json.error.code).toBe(
      'access_token_cannot_create',
    );
    expect(
      (await exchange({ grant_type: EXCHANGE, subject_token: access, subject_token_type: ACCESS })).json.error.code,
    ).toBe('invalid_grant');

    h.clock.advance(16 * 60 * 1000);
    try {
      expect((await h.request('GET', '/api/v1/me', { token: access })).json.error.code).toBe('token_expired');
    } finally {
      h.clock.advance(-16 * 60 * 1000);
    }
  });

  test('equal scopes by default, JSON bodies too', async () => {
    const sub = await create(admin, { name: 'subject-2', scopes: ['orchestrate', 'runs:read'] });
    const res = await h.request('POST', '/api/v1/oauth/token', {
      json: { grant_type: EXCHANGE, subject_token: sub.json.token, subject_token_type: ACCESS },
    });
    expect(res.json.scope).toBe('orchestrate runs:read');
  });

  test('refusals use the RFC 6749 codes', async () => {
    const sub = await create(admin, { name: 'subject-3', scopes: ['runs:read'] });
    const base = { grant_type: EXCHANGE, subject_token: sub.json.token, subject_token_type: ACCESS };
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ ...base, grant_type: 'client_credentials' }, 'unsupported_grant_type', /token-exchange/],
      [
        { ...base, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt' },
        'invalid_request',
        /subject_token_type/,
      ],
      [{ grant_type: EXCHANGE, subject_token_type: ACCESS }, 'invalid_request', /subject_token is required/],
      [{ ...base, scope: 'credentials:read' }, 'invalid_scope', /lacks credentials:read/],
      [{ ...base, scope: 'runs:read everything' }, 'invalid_scope', /Unknown scope\(s\): everything/],
      [{ ...base, subject_token: 'rpat_000000000000000000000000000000000000000' }, 'invalid_grant', /checksum/],
      [{ ...base, actor_token: 'x' }, 'invalid_request', /actor_token/],
    ];
    for (const [form, code, message] of cases) {
      const res = await exchange(form);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe(code);
      expect(res.json.error.message).toMatch(message);
    }
  });

  test('revoking the API token ends the access tokens exchanged from it', async () => {
    const sub = await create(admin, { name: 'subject-4', scopes: ['runs:read'] });
    const access = (await exchange({ grant_type: EXCHANGE, subject_token: sub.json.token, subject_token_type: ACCESS }))
      .json.access_token;
    expect((await h.request('GET', '/api/v1/me', { token: access })).status).toBe(200);
    await h.request('DELETE', `/api/v1/me/tokens/${sub.json.id}`, { token: admin });
    expect(await h.request('GET', '/api/v1/me', { token: access })).toMatchObject({
      status: 401,
      json: { error: { code: 'token_revoked' } },
    });
    expect(
      (await exchange({ grant_type: EXCHANGE, subject_token: sub.json.token, subject_token_type: ACCESS })).json.error
        .message,
    ).toMatch(/revoked/);
  });

  test('an access token never outlives its API token', async () => {
    const sub = await create(admin, {
      name: 'short-subject',
      scopes: ['runs:read'],
      expiration: new Date(h.clock.now() + 5 * 60 * 1000).toISOString(),
    });
    const res = await exchange({ grant_type: EXCHANGE, subject_token: sub.json.token, subject_token_type: ACCESS });
    expect(res.json.expires_in).toBeLessThanOrEqual(300);
    expect(res.json.expires_in).toBeGreaterThan(200);
  });
});
