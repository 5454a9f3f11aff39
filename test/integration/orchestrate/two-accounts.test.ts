import { contentCreationLimiter } from '../../../src/github/content-creation-limiter.js';
import { startHarness, type Harness } from '../api/support/harness.js';
import { TOKENS } from '../api/support/seed.js';
import { scaleOctokitPacing, startFairWorker } from './support/fair-worker.js';
import { CI_WORKFLOW, seedAliceWithPat } from './support/orchestrate-fixture.js';

// Time scaled down 20×: Octokit's pacing, and GitHub's secondary limits (10 per "minute" of 1 s, 60 per "hour" of 6 s).
await scaleOctokitPacing(20);
const LIMITS = { perMinute: 10, minuteMs: 1000, perHour: 60, hourMs: 6000 };
const A_REPOS = Array.from({ length: 40 }, (_, i) => `alice/fair-${String(i).padStart(2, '0')}`);

describe('two accounts share the workers fairly', () => {
  let h: Harness;
  let alice: string;
  let bob: string;
  let worker: Awaited<ReturnType<typeof startFairWorker>>;

  beforeAll(async () => {
    h = await startHarness({ env: { RAMPART_RATE_LIMIT_USER_PER_MINUTE: '100000', LOG_LEVEL: 'warn' } });
    alice = await seedAliceWithPat(
      h,
      TOKENS.aliceClassic,
      A_REPOS.map((r) => ({ name: r.split('/')[1]!, files: { '.github/workflows/ci.yml': CI_WORKFLOW } })),
    );
    h.emulator.control.seed({
      repositories: [
        {
          owner: 'bob',
          name: 'fair-b',
          private: true,
          default_branch: 'main',
          files: { '.github/workflows/ci.yml': CI_WORKFLOW },
        },
      ],
    });
    bob = (await h.createUser('bob')).token;
    const saved = await h.request('PUT', '/api/v1/me/github-pat', {
      token: bob,
      json: { name: 'laptop', token: TOKENS.bobClassic, email: 'bob@example.com' },
    });
    expect(saved.status).toBe(200);
    h.emulator.control.setLimits({
      secondary: {
        enabled: true,
        contentPerMinute: LIMITS.perMinute,
        contentPerHour: LIMITS.perHour,
        minuteWindowMs: LIMITS.minuteMs,
        hourWindowMs: LIMITS.hourMs,
      },
    });
    const contentLimiter = contentCreationLimiter({ redis: h.redis, prefix: `${h.prefix}content-limit:`, ...LIMITS });
    worker = await startFairWorker(h, {
      concurrency: 4,
      fairness: { parkAfterMs: 300, deferMs: 200 },
      deps: { contentLimiter },
    });
  });
  afterAll(async () => {
    await worker?.closeAll();
    await h?.close();
  });

  test("A's 40 repositories against a small secondary limit do not hold up B's one; A's wait is shown", async () => {
    const a = await h.request('POST', '/api/v1/orchestrations', { token: alice, json: { repositories: A_REPOS } });
    expect(a.status).toBe(202);
    // A has every slot before B asks.
    for (let i = 0; i < 50; i++) {
      const view = await h.request('GET', `/api/v1/orchestrations/${a.json.id}`, { token: alice });
      if (view.json.repositories.filter((r: { status: string }) => r.status === 'running').length >= 4) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const t0 = Date.now();
    const b = await h.request('POST', '/api/v1/orchestrations', { token: bob, json: { repositories: ['bob/fair-b'] } });
    expect(b.status).toBe(202);

    let bDoneAt = 0;
    let aFinalWhenBDone = -1;
    let aDoneAt = 0;
    const waitNotes = new Set<string>();
    while (!aDoneAt) {
      const [va, vb] = await Promise.all([
        h.request('GET', `/api/v1/orchestrations/${a.json.id}`, { token: alice }),
        h.request('GET', `/api/v1/orchestrations/${b.json.id}`, { token: bob }),
      ]);
      for (const r of va.json.repositories as Array<{ status: string; note?: string; waiting_until?: string }>) {
        if (r.status === 'queued' && r.note && r.waiting_until) waitNotes.add(r.note);
      }
      const aFinal = (va.json.repositories as Array<{ status: string }>).filter(
        (r) => !['queued', 'running'].includes(r.status),
      ).length;
      if (!bDoneAt && vb.json.status === 'completed') {
        bDoneAt = Date.now();
        aFinalWhenBDone = aFinal;
        expect(vb.json.repositories[0]).toMatchObject({
          repository: 'bob/fair-b',
          status: 'pr-opened',
          credential: 'pat',
        });
      }
      if (va.json.status === 'completed') {
        aDoneAt = Date.now();
        expect(va.json.repositories.map((r: { status: string }) => r.status)).toEqual(A_REPOS.map(() => 'pr-opened'));
      }
      if (Date.now() - t0 > 100_000) throw new Error('the runs did not finish in time');
      await new Promise((r) => setTimeout(r, 100));
    }

    // B ended first, while most of A's run was still ahead: under FIFO it would have waited for 36 of A's jobs to start.
    expect(bDoneAt).toBeGreaterThan(0);
    expect(bDoneAt).toBeLessThan(aDoneAt);
    expect(aFinalWhenBDone).toBeLessThan(A_REPOS.length / 2);
    // A's jobs gave their slots back while its credential's budget was spent, and said until when.
    expect(
      [...waitNotes].some((n) => /^waiting for GitHub's limit on this credential until \d\d:\d\d UTC$/.test(n)),
    ).toBe(true);
    // Nothing was refused by GitHub, and no repository got two pull requests.
    const { violations } = h.emulator.control.limits();
    expect(violations.secondaryContent).toBe(0);
    for (const r of A_REPOS) expect(h.emulator.control.pulls('alice', r.split('/')[1]!)).toHaveLength(1);
    console.log(
      `B's repository ended ${bDoneAt - t0} ms after it was queued; A's run ${aDoneAt - t0} ms (A had ${aFinalWhenBDone}/40 done then)`,
    );
  }, 120_000);
});
