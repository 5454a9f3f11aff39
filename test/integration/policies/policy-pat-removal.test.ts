import { startHarness, type Harness } from '../api/support/harness.js';
import { APP, TOKENS } from '../api/support/seed.js';
import {
  CI_WORKFLOW,
  seedAliceWithPat,
  startTestWorker,
  testAppCredentials,
} from '../orchestrate/support/orchestrate-fixture.js';
import {
  eventually,
  sendAppWebhooksTo,
  sleep,
  startPolicyApi,
  startTestPolicyWorker,
  testTiming,
  type PolicyApi,
} from './support/policy-fixture.js';

/**
 * Removing the PAT pauses every policy that needs it, visibly and with the reason, before DELETE returns; after that
 * no schedule tick or push starts a run and no request carries the token. A policy the App can run stays active.
 */
describe('removing the PAT pauses the policies that need it', () => {
  let h: Harness;
  let api: PolicyApi;
  let token: string;
  const workers: Array<{ closeAll(): Promise<void> }> = [];

  beforeAll(async () => {
    h = await startHarness();
    token = await seedAliceWithPat(h, TOKENS.aliceClassic, [
      { name: 'svc', files: { '.github/workflows/ci.yml': CI_WORKFLOW } },
    ]);
    h.emulator.control.addInstallation({ app_id: APP.id, account: 'alice', repositories: 'all' });
    const timing = testTiming({ everyMs: 600, debounceMs: 500 });
    api = await startPolicyApi(h, timing);
    sendAppWebhooksTo(h, api);
    workers.push(await startTestWorker(h, testAppCredentials(h)), await startTestPolicyWorker(h, timing));
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) await w.closeAll();
    await api?.close();
    await h?.close();
  });

  test('the "all" policy is paused with why, nothing starts afterwards, and the token is never sent again', async () => {
    const all = await api.request('POST', '/api/v1/policies', {
      token,
      json: { name: 'All, daily and on push', repositories: 'all', triggers: { schedule: 'daily', push: true } },
    });
    const named = await api.request('POST', '/api/v1/policies', {
      token,
      json: { name: 'Just svc', repositories: ['alice/svc'], triggers: { push: false } },
    });
    expect([all.status, named.status]).toEqual([201, 201]);
    const runsOf = async (id: string) =>
      (await api.request('GET', `/api/v1/orchestrations?policy_id=${id}`, { token })).json.orchestrations as Array<
        Record<string, any>
      >;
    // The schedule works with the PAT first: a run completes, the PAT was used.
    await eventually('a scheduled run to complete', async () =>
      (await runsOf(all.json.id)).some((r) => r.status === 'completed'),
    );
    expect(h.emulator.control.requestCount(TOKENS.aliceClassic)).toBeGreaterThan(0);

    expect((await api.request('DELETE', '/api/v1/me/github-pat', { token })).status).toBe(204);
    const removedAt = Date.now();
    const paused = (await api.request('GET', `/api/v1/policies/${all.json.id}`, { token })).json;
    expect(paused).toMatchObject({
      status: 'paused',
      paused: { reason: 'pat_removed', message: expect.stringMatching(/PAT .*was removed.*save a PAT, then resume/) },
      next_run_at: null,
    });
    expect((await api.request('GET', `/api/v1/policies/${named.json.id}`, { token })).json).toMatchObject({
      status: 'active',
      paused: null,
    });
    const before = new Set((await runsOf(all.json.id)).map((r) => r.id));

    // A push and several ticks' worth of time: nothing starts.
    h.emulator.control.pushCommit('alice', 'svc', {
      files: { '.github/workflows/lint.yml': 'on: push\njobs: {}\n' },
      message: 'Lint',
      author: 'alice',
    });
    await h.emulator.control.settled();
    await sleep(2500);
    expect((await runsOf(all.json.id)).filter((r) => !before.has(r.id))).toEqual([]);
    const late = h.emulator.control
      .requests({ token: TOKENS.aliceClassic })
      .entries.filter((e) => Date.parse(e.time) - e.durationMs > removedAt + 20);
    expect(late.map((e) => `${e.method} ${e.path}`)).toEqual([]);

    // Resuming needs a PAT again, and says so; a manual run says the same.
    const resumed = await api.request('PATCH', `/api/v1/policies/${all.json.id}`, { token, json: { paused: false } });
    expect(resumed.status).toBe(409);
    expect(resumed.json.error).toMatchObject({
      code: 'pat_not_found',
      message: expect.stringMatching(/needs your GitHub PAT/),
    });
    expect((await api.request('POST', `/api/v1/policies/${all.json.id}/run`, { token })).status).toBe(409);
    const audit = (await api.request('GET', '/api/v1/me/audit', { token })).json.events as Array<{
      type: string;
      details: Record<string, unknown>;
    }>;
    expect(audit.find((e) => e.type === 'policy.paused')).toMatchObject({
      details: { policy: all.json.id, reason: 'pat_removed' },
    });
  });
});
