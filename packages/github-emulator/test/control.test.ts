import { parseSeed, startEmulator, tokenLabel, type EmulatorHandle } from '../src/index.js';
import { CLASSIC, FINE_GRAINED, http, sampleSeed, startSample } from './helpers.js';

// Seeding, the request log (per-token counts without raw tokens), state inspection and reset.
let em: EmulatorHandle;
beforeEach(async () => {
  em = await startSample();
});
afterEach(() => em.close());

test('request log: method, path, status, token label; counts per token; never the raw token', async () => {
  await http(em, 'GET', '/user', CLASSIC);
  await http(em, 'GET', '/repos/acme/api', CLASSIC);
  await http(em, 'GET', '/repos/acme/nope', FINE_GRAINED);
  await http(em, 'GET', '/rate_limit');
  const log = await http(em, 'GET', '/_emulator/requests');
  expect(log.status).toBe(200);
  expect(log.text).not.toContain(CLASSIC);
  expect(log.text).not.toContain(FINE_GRAINED);
  expect(
    log.json.entries.map((e: { method: string; path: string; status: number }) => `${e.method} ${e.path} ${e.status}`),
  ).toEqual(['GET /user 200', 'GET /repos/acme/api 200', 'GET /repos/acme/nope 404', 'GET /rate_limit 200']);
  expect(log.json.entries[0]).toMatchObject({ token: tokenLabel(CLASSIC), tokenKind: 'classic', actor: 'alice' });
  expect(log.json.counts[tokenLabel(CLASSIC)]).toMatchObject({ count: 2, kind: 'classic' });
  const byToken = await http(em, 'GET', `/_emulator/requests?token=${encodeURIComponent(CLASSIC)}`);
  expect(byToken.json.count).toBe(2);
  const byLabel = await http(em, 'GET', `/_emulator/requests?label=${encodeURIComponent(tokenLabel(FINE_GRAINED))}`);
  expect(byLabel.json.count).toBe(1);
  expect(em.control.requestCount(CLASSIC)).toBe(2);
  expect(em.control.requestCount(tokenLabel(FINE_GRAINED))).toBe(1);
  const since = await http(em, 'GET', `/_emulator/requests?since=${log.json.entries[1].seq}`);
  expect(since.json.count).toBe(2);
  // Unknown tokens are counted under their label too (a removed PAT must show zero new requests).
  await http(em, 'GET', '/user', 'ghp_doesnotexist000000000000000000000000');
  expect(em.control.requestCount('ghp_doesnotexist000000000000000000000000')).toBe(1);
  expect((await http(em, 'DELETE', '/_emulator/requests')).status).toBe(204);
  expect(em.control.requests().count).toBe(0);
});

test('POST /_emulator/seed adds state; bad seeds are refused with clear errors and change nothing', async () => {
  const added = await http(em, 'POST', '/_emulator/seed', undefined, {
    users: [{ login: 'carol', id: 1003 }],
    repositories: [{ owner: 'carol', name: 'site', private: true, files: { 'index.html': '<h1>hi</h1>\n' } }],
  });
  expect(added.json.added).toMatchObject({ users: 1, repositories: 1 });
  expect(em.control.readFile('carol', 'site', 'index.html')).toBe('<h1>hi</h1>\n');
  const bad = await http(em, 'POST', '/_emulator/seed', undefined, {
    repositories: [{ owner: 'nobody', name: 'x' }],
    users: [{ login: 'dave', id: 5 }],
  });
  expect(bad.status).toBe(400);
  expect(bad.json.message).toContain('repositories[0].owner: unknown user or org "nobody"');
  expect(em.state.user('dave')).toBeUndefined();
  const shape = await http(em, 'POST', '/_emulator/seed', undefined, {
    tokens: [{ token: 'ghp_x', kind: 'classic', user: 'alice', scope: ['repo'] }],
  });
  expect(shape.status).toBe(400);
  expect(shape.json.message).toMatch(/scope/);
  expect(() => parseSeed({ tokens: [{ token: 'nope', kind: 'fine-grained', user: 'alice' }] })).toThrow(/github_pat_/);
  expect(() => parseSeed({ repositories: [{ owner: 'a', name: 'b', tags: { v1: { sha: 'xyz' } } }] })).toThrow(
    /40-character/,
  );
});

test('state inspection, reset, limits endpoint and clock', async () => {
  const state = (await http(em, 'GET', '/_emulator/repos/step-security/harden-runner')).json;
  expect(state).toMatchObject({
    default_branch: 'main',
    tags: { 'v2.10.2': { commit: '0080882f6c36860b6ba35c610c98ce87d4e2f26f' } },
  });
  expect(state.tags['v2.10.2'].object).not.toBe(state.tags['v2.10.2'].commit);
  const files = (await http(em, 'GET', '/_emulator/repos/acme/api/files?ref=main')).json;
  expect(Object.keys(files.files).sort()).toEqual([
    '.github/workflows/ci.yml',
    '.github/workflows/release.yml',
    'README.md',
    'src/index.js',
  ]);
  expect((await http(em, 'GET', '/_emulator/repos/acme/none')).status).toBe(404);

  await http(em, 'POST', '/repos/acme/api/git/refs', CLASSIC, { ref: 'refs/heads/tmp', sha: files.commit });
  const limits = await http(em, 'POST', '/_emulator/limits', undefined, { primary: { enabled: true, limit: 10 } });
  expect(limits.json.limits.primary).toMatchObject({ enabled: true, limit: 10, windowMs: 3_600_000 });
  expect((await http(em, 'POST', '/_emulator/limits', undefined, { primary: { limit: -1 } })).status).toBe(400);
  expect((await http(em, 'GET', '/_emulator/limits')).json.violations).toMatchObject({
    primary: 0,
    secondaryContent: 0,
  });
  expect((await http(em, 'POST', '/_emulator/reset', undefined, {})).json).toEqual({ ok: true });
  expect(em.control.repoState('acme', 'api').branches).not.toHaveProperty('tmp');
  expect(em.control.limits().limits.primary.enabled).toBe(false);
  expect(em.control.requests().count).toBe(0);
  const clock = await http(em, 'POST', '/_emulator/clock', undefined, { advance_ms: 86_400_000 });
  expect(Date.parse(clock.json.now) - Date.now()).toBeGreaterThan(86_000_000);
  expect((await http(em, 'GET', '/_emulator/repos/acme/api/pulls')).json).toEqual([]);
});

test('several emulators in one process share nothing; an empty seed works', async () => {
  const empty = await startEmulator();
  try {
    expect((await http(empty, 'GET', '/user', CLASSIC)).status).toBe(401);
    expect((await http(em, 'GET', '/user', CLASSIC)).status).toBe(200);
    expect(empty.port).not.toBe(em.port);
    expect(sampleSeed().users).toHaveLength(2);
  } finally {
    await empty.close();
  }
});
