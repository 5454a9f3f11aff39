import { startHarness, type Harness } from '../api/support/harness.js';
import { TOKENS } from '../api/support/seed.js';
import { startFairWorker } from './support/fair-worker.js';
import { CI_WORKFLOW, seedAliceWithPat, waitForRun } from './support/orchestrate-fixture.js';

const REPOS = Array.from({ length: 4 }, (_, i) => `alice/stop-${i}`);

describe('stopping a worker is bounded: jobs still running are handed back, nothing is lost', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    h = await startHarness();
    token = await seedAliceWithPat(
      h,
      TOKENS.aliceClassic,
      REPOS.map((r) => ({ name: r.split('/')[1]!, files: { '.github/workflows/ci.yml': CI_WORKFLOW } })),
    );
  });
  afterAll(() => h.close());

  test('close() returns with jobs mid-flight; they go back to the queue and another worker finishes each once', async () => {
    // Each GitHub answer takes 2 s, so a job (7 requests) cannot finish within the 2.5 s shutdown bound.
    h.emulator.control.setLimits({ latency: { ms: 2000, jitterMs: 0 } });
    const first = await startFairWorker(h, { concurrency: 2, shutdownMs: 2500 });
    const started = await h.request('POST', '/api/v1/orchestrations', { token, json: { repositories: REPOS } });
    expect(started.status).toBe(202);
    const id = started.json.id as string;
    for (let i = 0; i < 200; i++) {
      const view = await h.request('GET', `/api/v1/orchestrations/${id}`, { token });
      if (view.json.repositories.filter((r: { status: string }) => r.status === 'running').length === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }

    await first.close();
    // Nothing ended while the worker stopped: no repository failed or was given up on.
    const afterStop = await h.request('GET', `/api/v1/orchestrations/${id}`, { token });
    const statuses = afterStop.json.repositories.map((r: { status: string }) => r.status);
    expect(statuses.filter((s: string) => s === 'failed')).toEqual([]);
    expect(statuses.filter((s: string) => s === 'pr-opened')).toEqual([]);
    const queue = (await import('../../../src/queue/harden-queue.js')).createHardenQueue(
      h.redis,
      h.store.keys.queuePrefix,
    );
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed', 'prioritized');
    await queue.close();
    const n = (state: string) => counts[state] ?? 0;
    expect(n('failed') + n('completed') + n('active')).toBe(0);
    expect(n('waiting') + n('delayed') + n('prioritized')).toBe(REPOS.length);

    h.emulator.control.setLimits({ latency: { ms: 0, jitterMs: 0 } });
    const second = await startFairWorker(h, { concurrency: 2 });
    try {
      const run = await waitForRun(h, token, id, 60_000);
      expect(run.repositories.map((r: { status: string }) => r.status)).toEqual(REPOS.map(() => 'pr-opened'));
      for (const repo of REPOS) expect(h.emulator.control.pulls('alice', repo.split('/')[1]!)).toHaveLength(1);
    } finally {
      await second.closeAll();
    }
  }, 90_000);
});
