import type { EmulatorHandle } from '../src/index.js';
import { CLASSIC, FINE_GRAINED, client, http, startSample } from './helpers.js';

// Primary and secondary limits, latency and faults (docs/github-behaviour.md#rate-limits); all off by default.
let em: EmulatorHandle;
beforeEach(async () => {
  em = await startSample();
});
afterEach(() => em.close());

const SECONDARY = /secondary rate limit/i;

test('off by default: headers are sent, nothing is refused', async () => {
  for (let i = 0; i < 5; i++) expect((await http(em, 'GET', '/user', CLASSIC)).status).toBe(200);
  const res = await http(em, 'GET', '/user', CLASSIC);
  expect(res.headers.get('x-ratelimit-limit')).toBe('5000');
  expect(res.headers.get('x-ratelimit-used')).toBe('6');
  expect(res.headers.get('x-ratelimit-remaining')).toBe('4994');
  expect(res.headers.get('x-ratelimit-resource')).toBe('core');
  expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  expect(em.control.limits().violations.primary).toBe(0);
});

test('primary limit per user (shared by their tokens); /rate_limit is free; 403 or 429', async () => {
  em.control.setLimits({ primary: { enabled: true, limit: 3 } });
  expect((await http(em, 'GET', '/user', CLASSIC)).headers.get('x-ratelimit-remaining')).toBe('2');
  expect((await http(em, 'GET', '/user', FINE_GRAINED)).headers.get('x-ratelimit-remaining')).toBe('1');
  expect((await http(em, 'GET', '/rate_limit', CLASSIC)).json.resources.core).toMatchObject({
    limit: 3,
    used: 2,
    remaining: 1,
  });
  expect((await http(em, 'GET', '/user', CLASSIC)).status).toBe(200);
  const over = await http(em, 'GET', '/user', FINE_GRAINED);
  expect(over.status).toBe(403);
  expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
  expect(over.json.message).toMatch(/^API rate limit exceeded for user ID 1001\./);
  expect(over.json.status).toBe('403');
  // Another user has their own budget.
  em.control.seed({
    tokens: [{ token: 'ghp_bobbobbobbobbobbobbobbobbobbobbobbob', kind: 'classic', user: 'bob', scopes: [] }],
  });
  expect((await http(em, 'GET', '/user', 'ghp_bobbobbobbobbobbobbobbobbobbobbobbob')).status).toBe(200);
  em.control.setLimits({ primary: { status: 429 } });
  expect((await http(em, 'GET', '/user', CLASSIC)).status).toBe(429);
  expect(em.control.limits().violations).toMatchObject({ primary: 2 });
  // The window resets.
  em.control.advanceClock(3_600_000);
  expect((await http(em, 'GET', '/user', CLASSIC)).status).toBe(200);
});

test('secondary content-creation limit per minute, with scaled-down windows and retry-after', async () => {
  em.control.setLimits({ secondary: { enabled: true, contentPerMinute: 2, minuteWindowMs: 1000 } });
  const body = { tag_name: 'probe' };
  const post = () => http(em, 'POST', '/repos/acme/api/releases/generate-notes', CLASSIC, body);
  expect((await post()).status).toBe(200);
  expect((await post()).status).toBe(200);
  const blocked = await post();
  expect(blocked.status).toBe(403);
  expect(blocked.json.message).toMatch(
    /^You have exceeded a secondary rate limit and have been temporarily blocked from content creation\./,
  );
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(blocked.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
  // Reads are not content creation.
  expect((await http(em, 'GET', '/repos/acme/api', CLASSIC)).status).toBe(200);
  await new Promise((r) => setTimeout(r, 1050));
  expect((await post()).status).toBe(200);
  em.control.setLimits({ secondary: { contentPerMinute: 100, contentPerHour: 3, status: 429, retryAfterSeconds: 7 } });
  const hourly = await post();
  expect(hourly.status).toBe(429);
  expect(hourly.headers.get('retry-after')).toBe('7');
  expect(em.control.limits().violations.secondaryContent).toBe(2);
});

test('secondary concurrency limit, with latency', async () => {
  em.control.setLimits({ latency: { ms: 150 }, secondary: { enabled: true, maxConcurrent: 2 } });
  const started = Date.now();
  const results = await Promise.all(Array.from({ length: 5 }, () => http(em, 'GET', '/repos/acme/api', CLASSIC)));
  const statuses = results.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 200, 403, 403, 403]);
  const refused = results.find((r) => r.status === 403);
  expect(refused?.json.message).toMatch(SECONDARY);
  expect(refused?.headers.get('retry-after')).toBe('60');
  expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  expect(em.control.limits().violations.secondaryConcurrency).toBe(3);
  // Slots are released when requests finish.
  expect((await http(em, 'GET', '/repos/acme/api', CLASSIC)).status).toBe(200);
  // Octokit surfaces the message that plugin-throttling matches.
  em.control.setLimits({ secondary: { maxConcurrent: 1 } });
  const gh = client(em, CLASSIC);
  const settled = await Promise.allSettled([gh.rest.users.getAuthenticated(), gh.rest.users.getAuthenticated()]);
  const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(rejected?.reason).toMatchObject({ status: 403, message: expect.stringMatching(SECONDARY) });
});

test('faults: 502/503 before the request takes effect, or after it', async () => {
  em.control.setLimits({ faults: { rate: 1, statuses: [503] } });
  const fault = await http(em, 'GET', '/user', CLASSIC);
  expect(fault.status).toBe(503);
  expect(em.control.requests().entries.at(-1)).toMatchObject({ status: 503, outcome: 'fault' });
  const main = em.control.repoState('acme', 'api').branches.main as string;
  em.control.setLimits({ faults: { rate: 1, statuses: [502], phase: 'after' } });
  const after = await http(em, 'POST', '/repos/acme/api/git/refs', CLASSIC, { ref: 'refs/heads/ghost', sha: main });
  expect(after.status).toBe(502);
  expect(em.control.repoState('acme', 'api').branches.ghost).toBe(main);
  em.control.setLimits({ faults: { rate: 0.5, phase: 'before', seed: 42, statuses: [502, 503] } });
  const pattern = async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await http(em, 'GET', '/rate_limit', CLASSIC)).status);
    return statuses.join();
  };
  const first = await pattern();
  em.control.setLimits({ faults: { seed: 42 } });
  expect(await pattern()).toBe(first);
  expect(first).toMatch(/200/);
  expect(first).toMatch(/50[23]/);
  expect(em.control.limits().violations.faults).toBeGreaterThan(2);
});
