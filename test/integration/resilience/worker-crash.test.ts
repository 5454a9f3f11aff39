// Worker processes killed (SIGKILL) or stopped (SIGTERM) in the middle of a run: every repository still ends final,
// with exactly one pull request and the right branch. Needs dist/ (`npm test` builds it first).
import { randomKey, startHarness, type Harness } from '../api/support/harness.js';
import {
  expectExactlyOnePrEach,
  isFinal,
  reposWithWrite,
  seedActionRepos,
  seedAndOrchestrate,
  spawnWorker,
  waitFor,
  waitForAllFinal,
  workerReady,
  type WorkerProcess,
} from './support/resilience-fixture.js';

describe('worker processes that die or stop mid-run', () => {
  let h: Harness;
  const masterKeys = `k1:${randomKey()}`;
  const workers: WorkerProcess[] = [];
  const worker = (concurrency: number): WorkerProcess => {
    const w = spawnWorker({
      REDIS_URL: h.config.redisUrl,
      RAMPART_REDIS_PREFIX: h.prefix,
      RAMPART_MASTER_KEYS: masterKeys,
      GITHUB_API_URL: h.config.githubApiUrl,
      RAMPART_ALLOW_VOLATILE_REDIS: '1',
      RAMPART_WORKER_CONCURRENCY: String(concurrency),
      // A killed worker's job is retried once its lock expires: 2 s here instead of BullMQ's 30 s.
      RAMPART_WORKER_LOCK_SECONDS: '2',
    });
    workers.push(w);
    return w;
  };

  beforeAll(async () => {
    h = await startHarness({
      masterKeys,
      env: { RAMPART_RATE_LIMIT_IP_PER_MINUTE: '1000000', RAMPART_RATE_LIMIT_USER_PER_MINUTE: '1000000' },
    });
    seedActionRepos(h);
    h.emulator.control.setLimits({ latency: { ms: 40, jitterMs: 20 } });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await h?.close();
  });

  test('SIGKILL in the middle of a run: another worker finishes it, no PR is duplicated or lost', async () => {
    const tenants = await seedAndOrchestrate(h, 'crash', 12);
    const first = worker(3);
    await workerReady(first);
    // Mid-run and mid-job: some repositories final, and one that is not yet final already has Rampart's branch
    // (its writes have begun), so the next worker must pick up a half-done repository.
    const atKill = await waitFor(h, tenants, 'mid-run', (s) => {
      const final = s.repos.filter((r) => isFinal(r.status));
      const branched = reposWithWrite(h, 'POST', 'git/refs');
      return final.length >= 1 && s.repos.some((r) => !isFinal(r.status) && branched.has(r.repository));
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const finalAtKill = atKill.repos.filter((r) => isFinal(r.status)).length;
    expect(finalAtKill).toBeLessThan(12);

    const second = worker(12);
    await workerReady(second);
    const final = await waitForAllFinal(h, tenants, 45_000);
    await expectExactlyOnePrEach(h, tenants, final);
    // The second worker reported the job the first one left behind.
    expect(second.output.join('')).toContain('a job stalled');
  });

  test('SIGTERM mid-job: the worker finishes its running jobs, exits 0, and the next worker completes the run', async () => {
    const tenants = await seedAndOrchestrate(h, 'term', 6);
    const first = worker(2);
    await workerReady(first);
    const atTerm = await waitFor(h, tenants, 'mid-job', (s) => {
      const branched = reposWithWrite(h, 'POST', 'git/refs');
      return s.repos.some((r) => r.status === 'running' && branched.has(r.repository));
    });
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const running = atTerm.repos.filter((r) => r.status === 'running').map((r) => r.repository);
    expect(running.length).toBeGreaterThan(0);

    // At exit nothing is left half-done: what was running is final; the rest is still queued for the next worker.
    const afterExit = await waitFor(h, tenants, 'readable', () => true);
    const byRepo = new Map(afterExit.repos.map((r) => [r.repository, r.status]));
    expect(running.filter((r) => !isFinal(byRepo.get(r) ?? ''))).toEqual([]);
    expect([...byRepo.values()].filter((s) => s === 'running')).toEqual([]);
    expect([...byRepo.values()].some((s) => s === 'queued')).toBe(true);
    expect(first.output.join('')).toContain('"msg":"stopped"');

    const second = worker(6);
    await workerReady(second);
    await expectExactlyOnePrEach(h, tenants, await waitForAllFinal(h, tenants, 45_000));
    expect(second.output.join('')).not.toContain('a job stalled');
  });
});
