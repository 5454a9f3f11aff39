// Redis (AOF, fsync always) restarted in the middle of a run: the API and a worker process reconnect, the run
// completes, and nothing recorded before the restart is lost. Needs dist/ and `redis-server` on PATH.
import { randomKey, startHarness, type Harness } from '../api/support/harness.js';
import { startAofRedis, type RestartableRedis } from './support/restartable-redis.js';
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

describe('a Redis restart in the middle of a run', () => {
  let redis: RestartableRedis | undefined;
  let h: Harness | undefined;
  let worker: WorkerProcess | undefined;

  afterAll(async () => {
    await worker?.stop();
    await h?.close();
    await redis?.stop();
  });

  test('the run completes: every repository final, one PR each, run records and earlier results intact', async () => {
    redis = await startAofRedis();
    const masterKeys = `k1:${randomKey()}`;
    h = await startHarness({
      masterKeys,
      env: {
        REDIS_URL: redis.url,
        RAMPART_RATE_LIMIT_IP_PER_MINUTE: '1000000',
        RAMPART_RATE_LIMIT_USER_PER_MINUTE: '1000000',
      },
    });
    const harness = h;
    seedActionRepos(harness);
    harness.emulator.control.setLimits({ latency: { ms: 40, jitterMs: 20 } });
    const tenants = await seedAndOrchestrate(harness, 'aof', 8);
    worker = spawnWorker({
      REDIS_URL: redis.url,
      RAMPART_REDIS_PREFIX: harness.prefix,
      RAMPART_MASTER_KEYS: masterKeys,
      GITHUB_API_URL: harness.config.githubApiUrl,
      RAMPART_ALLOW_VOLATILE_REDIS: '1',
      RAMPART_WORKER_CONCURRENCY: '4',
      RAMPART_WORKER_LOCK_SECONDS: '5',
    });
    await workerReady(worker);

    const before = await waitFor(harness, tenants, 'mid-run', (s) => {
      const branched = reposWithWrite(harness, 'POST', 'git/refs');
      return (
        s.repos.some((r) => isFinal(r.status)) && s.repos.some((r) => !isFinal(r.status) && branched.has(r.repository))
      );
    });
    await redis.restart();

    const final = await waitForAllFinal(harness, tenants, 45_000);
    expect(worker.child.exitCode).toBeNull(); // it rode out the restart
    await expectExactlyOnePrEach(harness, tenants, final);

    // Results recorded before the restart are exactly as they were; every run still lists all its repositories.
    const finalBefore = before.repos.filter((r) => isFinal(r.status));
    expect(finalBefore.length).toBeGreaterThan(0);
    expect(finalBefore.map((r) => final.repos.find((f) => f.repository === r.repository))).toEqual(finalBefore);
    for (const [i, t] of tenants.entries()) {
      expect(final.runs[i]).toMatchObject({ id: t.runId, status: 'completed' });
      expect(final.runs[i].repositories.map((r: { repository: string }) => r.repository)).toEqual(t.repositories);
      const listed = await harness.request('GET', '/api/v1/orchestrations', { token: t.token });
      expect(listed.json.orchestrations.map((o: { id: string }) => o.id)).toEqual([t.runId]);
    }
  });
});
