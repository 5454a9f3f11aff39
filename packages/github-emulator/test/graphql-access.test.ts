import type { EmulatorHandle } from '../src/index.js';
import { tokenLabel } from '../src/token-format.js';
import { APP, CLASSIC, FINE_GRAINED, client, fakeToken, gql, http, installationToken, startSample } from './helpers.js';

// POST /graphql per token kind, and the pipeline around it: its own rate budget, headers, log, limits, faults.
const BOB_NO_SCOPE = fakeToken('ghp_', 'bobnoscope');
const BOB_REPO = fakeToken('ghp_', 'bobrepo');
const FG_INFRA_ONLY = fakeToken('github_pat_', 'infraonly');
const FG_NO_PULLS = fakeToken('github_pat_', 'nopulls');

let em: EmulatorHandle;
beforeAll(async () => {
  em = await startSample((seed) => {
    seed.tokens.push(
      { token: BOB_NO_SCOPE, kind: 'classic', user: 'bob', scopes: [] },
      { token: BOB_REPO, kind: 'classic', user: 'bob', scopes: ['repo'] },
      {
        token: FG_INFRA_ONLY,
        kind: 'fine-grained',
        user: 'alice',
        resource_owner: 'acme',
        repositories: ['acme/infra'],
        permissions: { contents: 'read', pull_requests: 'read', metadata: 'read' },
      },
      {
        token: FG_NO_PULLS,
        kind: 'fine-grained',
        user: 'alice',
        resource_owner: 'acme',
        repositories: ['acme/api'],
        permissions: { contents: 'read', metadata: 'read' },
      },
    );
  });
});
afterAll(() => em.close());

/** A `gho_` token from the emulator's OAuth web flow. */
async function oauthToken(login: string, scope: string): Promise<string> {
  const redirect = 'http://127.0.0.1:9/callback';
  const form = new URLSearchParams({ client_id: APP.client_id, redirect_uri: redirect, state: 's', scope, login });
  const signIn = await fetch(`${em.url}/login/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const code = new URL(signIn.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const exchange = await fetch(`${em.url}/login/oauth/access_token`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: APP.client_id,
      client_secret: APP.client_secret,
      code,
      redirect_uri: redirect,
    }),
  });
  return ((await exchange.json()) as { access_token: string }).access_token;
}

const REPOS = {
  api: ['acme', 'api'],
  infra: ['acme', 'infra'],
  webapp: ['alice', 'webapp'],
  dotfiles: ['alice', 'dotfiles'],
} as const;
const SEES = `{ viewer { login } ${Object.entries(REPOS)
  .map(([alias, [owner, name]]) => `${alias}: repository(owner: "${owner}", name: "${name}") { viewerPermission }`)
  .join(' ')} }`;

/** Per repository: the token's `viewerPermission`, or the error type GitHub answers instead. */
async function sees(token: string): Promise<Record<string, string | null>> {
  const { data, errors } = await gql(em, token, SEES);
  const out: Record<string, string | null> = { viewer: data.viewer.login };
  for (const alias of Object.keys(REPOS))
    out[alias] = errors?.find((e) => e.path?.[0] === alias)?.type ?? data[alias].viewerPermission;
  return out;
}

test('each token kind sees what it should (viewerPermission is the user’s role)', async () => {
  // alice owns webapp and dotfiles and administers acme; bob is an acme member with write on acme/api.
  expect(await sees(CLASSIC)).toEqual({
    viewer: 'alice',
    api: 'ADMIN',
    infra: 'ADMIN',
    webapp: 'ADMIN',
    dotfiles: 'ADMIN',
  });
  expect(await sees(BOB_NO_SCOPE)).toEqual({
    viewer: 'bob',
    api: 'NOT_FOUND',
    infra: 'NOT_FOUND',
    webapp: 'NOT_FOUND',
    dotfiles: 'READ',
  });
  expect(await sees(BOB_REPO)).toEqual({
    viewer: 'bob',
    api: 'WRITE',
    infra: 'READ',
    webapp: 'NOT_FOUND',
    dotfiles: 'READ',
  });
  expect(await sees(await oauthToken('bob', 'repo'))).toEqual({
    viewer: 'bob',
    api: 'WRITE',
    infra: 'READ',
    webapp: 'NOT_FOUND',
    dotfiles: 'READ',
  });
  // Fine-grained: the selected private repositories plus every public one.
  expect(await sees(FINE_GRAINED)).toEqual({
    viewer: 'alice',
    api: 'ADMIN',
    infra: 'ADMIN',
    webapp: 'NOT_FOUND',
    dotfiles: 'ADMIN',
  });
  expect(await sees(FG_INFRA_ONLY)).toEqual({
    viewer: 'alice',
    api: 'NOT_FOUND',
    infra: 'ADMIN',
    webapp: 'NOT_FOUND',
    dotfiles: 'ADMIN',
  });
  // Installation tokens: the installation's repositories (narrowed by the token), acting as the App's bot, with no role.
  expect(await sees(await installationToken(em))).toEqual({
    viewer: 'rampart-hardener[bot]',
    api: null,
    infra: null,
    webapp: 'NOT_FOUND',
    dotfiles: null,
  });
  expect(await sees(await installationToken(em, { repositories: ['infra'] }))).toEqual({
    viewer: 'rampart-hardener[bot]',
    api: 'NOT_FOUND',
    infra: null,
    webapp: 'NOT_FOUND',
    dotfiles: null,
  });
});

test('a missing permission is a FORBIDDEN error on the field that needs it', async () => {
  const pulls = await gql(
    em,
    FG_NO_PULLS,
    '{ repository(owner: "acme", name: "api") { defaultBranchRef { name } pullRequests(first: 1) { totalCount } } }',
  );
  // pullRequests is non-null, so the null reaches the repository, as graphql-ruby does it.
  expect(pulls.data).toEqual({ repository: null });
  expect(pulls.errors).toEqual([
    {
      type: 'FORBIDDEN',
      path: ['repository', 'pullRequests'],
      extensions: { saml_failure: false },
      locations: [{ line: 1, column: 70 }],
      message: 'Resource not accessible by personal access token',
    },
  ]);
  const noContents = await installationToken(em, { permissions: { pull_requests: 'read' } });
  const files = await gql(
    em,
    noContents,
    '{ repository(owner: "acme", name: "api") { nameWithOwner object(expression: "HEAD:README.md") { oid } } }',
  );
  expect(files.data).toEqual({ repository: { nameWithOwner: 'acme/api', object: null } });
  expect(files.errors?.[0]).toMatchObject({
    type: 'FORBIDDEN',
    path: ['repository', 'object'],
    message: 'Resource not accessible by integration',
  });
});

test('its own primary budget, 1 point per query, with x-ratelimit headers, rateLimit and /rate_limit', async () => {
  const answer = await client(em, BOB_REPO).request('POST /graphql', {
    query: '{ rateLimit { cost limit used remaining resetAt } }',
  });
  expect(answer.headers['x-ratelimit-resource']).toBe('graphql');
  const used = Number(answer.headers['x-ratelimit-used']);
  expect(used).toBeGreaterThan(0);
  const reset = new Date(Number(answer.headers['x-ratelimit-reset']) * 1000).toISOString().replace('.000Z', 'Z');
  expect(answer.data.data.rateLimit).toEqual({ cost: 1, limit: 5000, used, remaining: 5000 - used, resetAt: reset });
  // REST requests count against `core`, not GraphQL; all of bob's tokens share his GraphQL budget.
  const rest = await http(em, 'GET', '/user', BOB_NO_SCOPE);
  expect(rest.headers.get('x-ratelimit-resource')).toBe('core');
  const next = await http(em, 'POST', '/graphql', BOB_NO_SCOPE, { query: '{ viewer { login } }' });
  expect(next.headers.get('x-ratelimit-used')).toBe(String(used + 1));
  const status = (await http(em, 'GET', '/rate_limit', BOB_REPO)).json.resources;
  expect(status.graphql).toMatchObject({ limit: 5000, used: used + 1, remaining: 4999 - used });
  expect(status.core.used).toBe(Number(rest.headers.get('x-ratelimit-used')));
});

test('a spent GraphQL budget answers 200 with a RATE_LIMIT error; REST keeps its own budget', async () => {
  const query = { query: '{ viewer { login } }' };
  const used = Number((await http(em, 'POST', '/graphql', BOB_REPO, query)).headers.get('x-ratelimit-used'));
  em.control.setLimits({ primary: { enabled: true, limit: used + 1 } });
  try {
    expect((await http(em, 'POST', '/graphql', BOB_REPO, query)).json.data).toEqual({ viewer: { login: 'bob' } });
    const over = await http(em, 'POST', '/graphql', BOB_REPO, query);
    expect(over.status).toBe(200);
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(over.json).toEqual({
      errors: [
        {
          type: 'RATE_LIMIT',
          code: 'graphql_rate_limit',
          message: 'API rate limit already exceeded for user ID 1002.',
        },
      ],
    });
    expect((await http(em, 'GET', '/user', BOB_REPO)).status).toBe(200);
    // The older documented shape, which @octokit/plugin-throttling recognises.
    em.control.setQuirks({ graphqlRateLimitType: 'RATE_LIMITED' });
    expect((await gql(em, BOB_REPO, query.query)).errors).toEqual([
      { type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1002.' },
    ]);
    expect(em.control.limits().violations.primary).toBe(2);
  } finally {
    em.control.setQuirks({ graphqlRateLimitType: 'RATE_LIMIT' });
    em.control.setLimits({ primary: { enabled: false } });
  }
});

test('queries are not content-creating; faults and latency apply', async () => {
  em.control.setLimits({ secondary: { enabled: true, contentPerMinute: 1 } });
  for (let i = 0; i < 3; i++)
    expect((await http(em, 'POST', '/graphql', CLASSIC, { query: '{ viewer { login } }' })).status).toBe(200);
  expect(em.control.limits().violations.secondaryContent).toBe(0);
  em.control.setLimits({ secondary: { enabled: false }, faults: { rate: 1, statuses: [502] }, latency: { ms: 50 } });
  const started = Date.now();
  expect((await http(em, 'POST', '/graphql', CLASSIC, { query: '{ viewer { login } }' })).status).toBe(502);
  expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  em.control.setLimits({ faults: { rate: 0 }, latency: { ms: 0 } });
});

test('the request log records GraphQL requests by token label, never the token', async () => {
  em.control.clearRequests();
  await gql(em, FINE_GRAINED, '{ viewer { login } }');
  await gql(em, FINE_GRAINED, '{ viewer { nope } }');
  await http(em, 'POST', '/graphql', 'ghp_unknownunknownunknownunknownunknown1', { query: '{ viewer { login } }' });
  const row = (token: string, status: number, kind: string | null, actor: string | null) =>
    expect.objectContaining({
      method: 'POST',
      path: '/graphql',
      status,
      token: tokenLabel(token),
      tokenKind: kind,
      actor,
    });
  expect(em.control.requests({}).entries).toEqual([
    row(FINE_GRAINED, 200, 'fine-grained', 'alice'),
    row(FINE_GRAINED, 200, 'fine-grained', 'alice'),
    row('ghp_unknownunknownunknownunknownunknown1', 401, null, null),
  ]);
  expect(em.control.requestCount(FINE_GRAINED)).toBe(2);
  expect(JSON.stringify(em.control.requests({}))).not.toContain(FINE_GRAINED);
});
