// Redis (AOF) down for ~8 s, or paused for 10 s, in the middle of a run while two worker processes are alive: both
// say they are unhealthy on /healthz while it lasts and healthy after, their GitHub pacing works again without a
// restart, and once one of them is killed the other ends every repository with its PR. (Two processes, because the
// pacing once broke only when a Redis restart dropped the registration of a process other than the one asking.)
// Needs dist/ and `redis-server` on PATH.
import { freePort } from '../../../src/store/redis-probe.js';
import { randomKey, startHarness, type Harness } from '../api/support/harness.js';
import { startAofRedis, type RestartableRedis } from './support/restartable-redis.js';
import {
  expectExactlyOnePrEach,
  isFinal,
  seedActionRepos,
  seedAndOrchestrate,
  spawnWorker,
  waitFor,
  waitForAllFinal,
  workerReady,
  type WorkerProcess,
} from './support/resilience-fixture.js';

interface Healthz {
  status: number;
  body: { status: string; problems?: string[] } | undefined;
}

async function healthz(port: number): Promise<Healthz> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    return { status: res.status, body: (await res.json()) as Healthz['body'] };
  } catch {
    return { status: 0, body: undefined };
  }
}

async function healthzUntil(port: number, status: number, timeoutMs: number): Promise<Healthz> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const h = await healthz(port);
    if (h.status === status) return h;
    if (Date.now() > until)
      throw new Error(
        `/healthz on :${port} did not answer ${status} within ${timeoutMs} ms (last: ${JSON.stringify(h)})`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a Redis outage in the middle of a run, two workers alive', () => {
  let redis: RestartableRedis | undefined;
  let h: Harness | undefined;
  const workers: WorkerProcess[] = [];

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await h?.close();
    await redis?.stop();
    h = undefined;
    redis = undefined;
  });

  // lockSeconds: a pause longer than a job's lock makes BullMQ count every running job as stalled once (locks expire
  // while renewals wait), and the SIGKILL below a second time, which fails it; real locks (30 s) outlast the pause.
  const scenario = async (
    tag: string,
    lockSeconds: number,
    interrupt: (redis: RestartableRedis, ports: number[]) => Promise<void>,
  ) => {
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
    // Four credentials with three repositories each: every credential's requests are paced a second apart, so the run
    // lasts well beyond the outage and both workers hold jobs of the same credentials throughout.
    const tenants = await seedAndOrchestrate(harness, tag, 4, 3);
    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      workers.push(
        spawnWorker({
          REDIS_URL: redis.url,
          RAMPART_REDIS_PREFIX: harness.prefix,
          RAMPART_MASTER_KEYS: masterKeys,
          GITHUB_API_URL: harness.config.githubApiUrl,
          RAMPART_ALLOW_VOLATILE_REDIS: '1',
          RAMPART_WORKER_CONCURRENCY: '3',
          RAMPART_WORKER_LOCK_SECONDS: String(lockSeconds),
          RAMPART_WORKER_METRICS_PORT: String(port),
        }),
      );
    }
    await Promise.all(workers.map((w) => workerReady(w)));
    expect((await Promise.all(ports.map(healthz))).map((x) => x.body)).toEqual([{ status: 'ok' }, { status: 'ok' }]);

    await waitFor(
      harness,
      tenants,
      'mid-run',
      (s) => s.repos.some((r) => isFinal(r.status)) && s.repos.filter((r) => !isFinal(r.status)).length >= 6,
    );
    await interrupt(redis, ports);
    // Both recover by themselves, without a restart.
    await Promise.all(ports.map((p) => healthzUntil(p, 200, 15_000)));

    const [gone, survivor] = workers as [WorkerProcess, WorkerProcess];
    gone.child.kill('SIGKILL');
    await gone.exited;
    const atKill = await waitFor(harness, tenants, 'readable', () => true);
    expect(atKill.repos.filter((r) => isFinal(r.status)).length).toBeLessThan(12);

    const final = await waitForAllFinal(harness, tenants, 50_000);
    expect(survivor.child.exitCode).toBeNull();
    await expectExactlyOnePrEach(harness, tenants, final);
    const output = workers.flatMap((w) => w.output).join('');
    expect(output).not.toMatch(/UNKNOWN_CLIENT|SETTINGS_KEY_NOT_FOUND/);
    expect(output).toContain('worker healthy again');
  };

  test('Redis killed and back ~8 s later: /healthz says so, pacing recovers, the surviving worker ends every PR', async () => {
    await scenario('outage', 5, async (r, ports) => {
      const downAt = Date.now();
      await r.kill();
      const sick = await healthzUntil(ports[0]!, 503, 6000);
      expect(sick.body).toMatchObject({
        status: 'unhealthy',
        problems: expect.arrayContaining([expect.stringMatching(/Redis/)]),
      });
      await new Promise((res) => setTimeout(res, Math.max(0, 8000 - (Date.now() - downAt))));
      await r.start();
    });
  }, 120_000);

  test('Redis paused for 10 s (CLIENT PAUSE): /healthz says so, pacing recovers, the surviving worker ends every PR', async () => {
    await scenario('paused', 12, async (r, ports) => {
      const pausedAt = Date.now();
      await r.pause(10_000);
      const sick = await healthzUntil(ports[1]!, 503, 6000);
      expect(sick.body).toMatchObject({
        status: 'unhealthy',
        problems: expect.arrayContaining([expect.stringMatching(/no answer from Redis/)]),
      });
      await new Promise((res) => setTimeout(res, Math.max(0, 10_000 - (Date.now() - pausedAt))));
    });
  }, 120_000);
});
