import { createPolicyQueue, policyRunId } from '../../../src/queue/policy-queue.js';
import { policySchedulerId } from '../../../src/queue/policy-schedules.js';
import { startHarness, type Harness } from '../api/support/harness.js';
import { TOKENS } from '../api/support/seed.js';
import {
  hardenedFiles,
  seedAliceWithPat,
  startTestWorker,
  testAppCredentials,
} from '../orchestrate/support/orchestrate-fixture.js';
import {
  eventually,
  sleep,
  startPolicyApi,
  startTestPolicyWorker,
  testTiming,
  type PolicyApi,
} from './support/policy-fixture.js';

const EVERY_MS = 500;

/**
 * A schedule is a BullMQ job scheduler: two API processes upserting it and several policy workers taking its ticks
 * still make one run per tick, and a worker restarting in between changes nothing.
 */
describe('a scheduled policy across two API processes and several workers', () => {
  let h: Harness;
  let apiA: PolicyApi;
  let apiB: PolicyApi;
  let token: string;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    h = await startHarness();
    token = await seedAliceWithPat(h, TOKENS.aliceClassic, [{ name: 'nightly', files: await hardenedFiles() }]);
    const timing = testTiming({ everyMs: EVERY_MS });
    apiA = await startPolicyApi(h, timing);
    apiB = await startPolicyApi(h, timing);
    const harden = await startTestWorker(h, testAppCredentials(h));
    closers.push(() => harden.closeAll());
  }, 60_000);
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await apiA?.close();
    await apiB?.close();
    await h?.close();
  });

  test('each tick starts exactly one run, whichever process upserted the scheduler or took the tick', async () => {
    const timing = testTiming({ everyMs: EVERY_MS });
    const first = await startTestPolicyWorker(h, timing);
    const second = await startTestPolicyWorker(h, timing);
    closers.push(() => second.closeAll());
    const created = await apiA.request('POST', '/api/v1/policies', {
      token,
      json: { name: 'Nightly', repositories: ['alice/nightly'], triggers: { schedule: 'daily' } },
    });
    expect(created.status).toBe(201);
    const id: string = created.json.id;
    expect(Date.parse(created.json.next_run_at)).toBeGreaterThan(Date.now() - 1000);
    // The other API process changes the policy: it upserts the same scheduler again.
    expect(
      (await apiB.request('PATCH', `/api/v1/policies/${id}`, { token, json: { name: 'Nightly, renamed' } })).status,
    ).toBe(200);
    await sleep(1300);
    // A worker restarts: the scheduler lives in Redis, the new worker syncs it again at start.
    await first.closeAll();
    const third = await startTestPolicyWorker(h, timing);
    closers.push(() => third.closeAll());
    await sleep(1500);
    expect(
      (await apiB.request('PATCH', `/api/v1/policies/${id}`, { token, json: { paused: true } })).json,
    ).toMatchObject({ status: 'paused', next_run_at: null });
    const pausedAt = Date.now();

    const queue = createPolicyQueue(h.redis, h.store.keys.queuePrefix);
    closers.push(() => queue.close());
    expect(await queue.getJobScheduler(policySchedulerId(id))).toBeUndefined();
    const ticks = await eventually('the last tick to finish', async () => {
      const jobs = (await queue.getJobs(['completed', 'active', 'waiting', 'delayed'])).filter(
        (j) => j.name === 'schedule' && j.data.policyId === id,
      );
      return jobs.every((j) => j.finishedOn) && jobs;
    });
    const runs = (await apiA.request('GET', `/api/v1/orchestrations?policy_id=${id}`, { token })).json
      .orchestrations as Array<Record<string, any>>;
    // One run per tick: each tick's run is named after its job, and there is no other.
    expect(runs.map((r) => r.id).sort()).toEqual(ticks.map((j) => policyRunId(j.id ?? '')).sort());
    expect(runs.every((r) => r.trigger === 'schedule' && r.policy_id === id)).toBe(true);
    // Ticks are EVERY_MS apart, none repeated, about as many as the time it ran allows.
    // A tick's job id ends with the time it is due (BullMQ's `repeat:<scheduler>:<ms>`).
    const times = ticks.map((j) => Number(/:(\d+)$/.exec(j.id ?? '')?.[1])).sort((a, b) => a - b);
    expect(times.every(Number.isFinite)).toBe(true);
    for (let i = 1; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(EVERY_MS - 50);
    const elapsed = pausedAt - Date.parse(created.json.created_at);
    expect(ticks.length).toBeGreaterThanOrEqual(Math.floor(elapsed / EVERY_MS) - 2);
    expect(ticks.length).toBeLessThanOrEqual(Math.ceil(elapsed / EVERY_MS) + 1);
    await sleep(EVERY_MS * 2);
    expect(
      (await apiA.request('GET', `/api/v1/orchestrations?policy_id=${id}`, { token })).json.orchestrations,
    ).toHaveLength(runs.length);
    const policy = (await apiA.request('GET', `/api/v1/policies/${id}`, { token })).json;
    expect(policy.last_run).toMatchObject({ trigger: 'schedule' });
    expect(runs.map((r) => r.id)).toContain(policy.last_run.run_id);
  });
});
