import { startHarness, type Harness } from '../api/support/harness.js';
import { TOKENS } from '../api/support/seed.js';
import { CI_WORKFLOW, noApp, seedAliceWithPat, startTestWorker, waitForRun } from './support/orchestrate-fixture.js';

const REPOS = Array.from({ length: 8 }, (_, i) => `alice/removal-${i}`);

describe('removing the PAT stops the automation that would use it', () => {
  let h: Harness;
  let token: string;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;

  beforeAll(async () => {
    h = await startHarness();
    token = await seedAliceWithPat(
      h,
      TOKENS.aliceClassic,
      REPOS.map((r) => ({ name: r.split('/')[1]!, files: { '.github/workflows/ci.yml': CI_WORKFLOW } })),
    );
    // Slow GitHub, so the run is still going when the PAT is removed.
    h.emulator.control.setLimits({ latency: { ms: 120, jitterMs: 0 } });
    worker = await startTestWorker(h, noApp, 2);
  });
  afterAll(async () => {
    await worker.closeAll();
    await h.close();
  });

  test('after DELETE returns no request carries the token; waiting and running repositories end cancelled', async () => {
    const started = await h.request('POST', '/api/v1/orchestrations', { token, json: { repositories: REPOS } });
    expect(started.status).toBe(202);
    // Let some work start.
    for (let i = 0; i < 100; i++) {
      const view = await h.request('GET', `/api/v1/orchestrations/${started.json.id}`, { token });
      if (view.json.repositories.some((r: { status: string }) => r.status !== 'queued')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await h.request('DELETE', '/api/v1/me/github-pat', { token })).status).toBe(204);
    const removedAt = Date.now();

    const run = await waitForRun(h, token, started.json.id);
    const statuses = run.repositories.map((r: { status: string }) => r.status);
    expect(statuses.filter((s: string) => s === 'cancelled').length).toBeGreaterThan(0);
    expect(
      statuses.every((s: string) =>
        ['cancelled', 'pr-opened', 'pr-updated', 'up-to-date', 'clean', 'needs-review'].includes(s),
      ),
    ).toBe(true);
    for (const r of run.repositories.filter((x: { status: string }) => x.status === 'cancelled')) {
      expect(r.error.message).toMatch(/PAT was removed/);
    }
    // A request counts from when it reached the emulator (its log time is when it finished).
    const late = h.emulator.control
      .requests({ token: TOKENS.aliceClassic })
      .entries.filter((e) => Date.parse(e.time) - e.durationMs > removedAt + 20);
    expect(late.map((e) => `${e.method} ${e.path}`)).toEqual([]);
  });
});
