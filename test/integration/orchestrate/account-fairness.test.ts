import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { contentCreationLimiter } from '../../../src/github/content-creation-limiter.js';
import { accountSlots, admitJobs, type FairnessKeys } from '../../../src/queue/account-fairness.js';
import { HandBack, jobGate } from '../../../src/queue/job-gate.js';
import { startHarness, REDIS_URL, type Harness } from '../api/support/harness.js';

const redis = new Redis(REDIS_URL);
const prefix = `rampart-test-${randomBytes(6).toString('hex')}:`;
// Job hashes as BullMQ keeps them: a live job has a hash without finishedOn.
const keys: FairnessKeys = { base: `${prefix}fair:`, jobPrefix: `${prefix}job:` };
const liveJob = (id: string) => redis.hset(`${keys.jobPrefix}${id}`, 'data', '{}');

afterAll(async () => {
  const all = await redis.keys(`${prefix}*`);
  if (all.length > 0) await redis.del(...all);
  redis.disconnect();
});

describe('running slots per account', () => {
  test('an account holds at most its share while another waits, all of them alone; a dead worker’s claims expire', async () => {
    const k = { ...keys, base: `${keys.base}share:` };
    const w1 = accountSlots(redis, k, { workerId: 'w1', concurrency: 2, sharePercent: 50, leaseMs: 400 });
    const w2 = accountSlots(redis, k, { workerId: 'w2', concurrency: 2, sharePercent: 50, leaseMs: 400 });
    await w1.heartbeat();
    await w2.heartbeat();
    // Alone, A gets all four slots.
    for (const j of ['a1', 'a2', 'a3', 'a4']) expect(await w1.start('A', j)).toBe(true);
    for (const j of ['a1', 'a2', 'a3', 'a4']) await w1.release('A', j);
    // B has a job waiting: A may hold 2 of the 4.
    await liveJob('b1');
    expect((await admitJobs(redis, k, 'B', ['b1'], 100)).admitted).toBe(true);
    expect(await w1.start('A', 'a1')).toBe(true);
    expect(await w1.start('A', 'a2')).toBe(true);
    expect(await w1.start('A', 'a3')).toBe(false);
    expect(await w2.start('B', 'b1')).toBe(true);
    // B's job runs, nobody else waits: A may take the rest.
    expect(await w1.start('A', 'a3')).toBe(true);
    expect(Object.fromEntries(await w1.running())).toEqual({ A: 3, B: 1 });
    // A worker killed without a word: its claims end with their lease.
    await new Promise((r) => setTimeout(r, 500));
    expect(await w1.running()).toEqual(new Map());
  });

  test('a waiting job whose BullMQ job ended or vanished no longer holds other accounts back', async () => {
    const k = { ...keys, base: `${keys.base}stale:` };
    const w = accountSlots(redis, k, { workerId: 'w', concurrency: 2, sharePercent: 50, leaseMs: 5000 });
    await w.heartbeat();
    await admitJobs(redis, k, 'B', ['gone'], 100); // never enqueued (as after a cancelled run)
    expect(await w.start('A', 'x1')).toBe(true);
    expect(await w.start('A', 'x2')).toBe(true);
  });
});

describe('what one account may have waiting', () => {
  test('a batch that would pass the limit is refused whole; repeats are not counted twice; ended jobs are forgotten', async () => {
    const k = { ...keys, base: `${keys.base}admit:` };
    const ids = Array.from({ length: 5 }, (_, i) => `w${i}`);
    for (const id of ids) await liveJob(id);
    expect(await admitJobs(redis, k, 'A', ids.slice(0, 3), 5)).toEqual({ admitted: true, waiting: 3 });
    expect(await admitJobs(redis, k, 'A', ids.slice(0, 3), 5)).toEqual({ admitted: true, waiting: 3 });
    expect(await admitJobs(redis, k, 'A', ['w3', 'w4', 'w5'], 5)).toEqual({ admitted: false, waiting: 3 });
    expect(await admitJobs(redis, k, 'B', ['w3', 'w4', 'w5'], 5)).toEqual({ admitted: true, waiting: 3 });
    await redis.hset(`${keys.jobPrefix}w0`, 'finishedOn', String(Date.now()));
    expect(await admitJobs(redis, k, 'A', ['w3', 'w4', 'w5'], 5)).toEqual({ admitted: true, waiting: 5 });
  });

  test('POST /api/v1/orchestrations answers 429 with the limit (5,000 by default) beyond it', async () => {
    const h: Harness = await startHarness({ env: { RAMPART_RATE_LIMIT_USER_PER_MINUTE: '100000', LOG_LEVEL: 'warn' } });
    try {
      const { token } = await h.createUser('alice');
      for (let run = 0; run < 10; run++) {
        const repositories = Array.from({ length: 500 }, (_, i) => `alice/r${run}-${i}`);
        expect((await h.request('POST', '/api/v1/orchestrations', { token, json: { repositories } })).status).toBe(202);
      }
      const refused = await h.request('POST', '/api/v1/orchestrations', {
        token,
        json: { repositories: ['alice/one-more'] },
      });
      expect(refused.status).toBe(429);
      expect(refused.json.error).toEqual({
        code: 'too_many_waiting',
        message: expect.stringContaining('at most 5000'),
      });
      expect(refused.json.error.message).toContain('already has 5000 repositories waiting');
      // Refused means not queued: no run was stored for it.
      expect((await h.request('GET', '/api/v1/orchestrations', { token })).json.orchestrations).toHaveLength(10);
      const other = await h.createUser('bob');
      expect(
        (await h.request('POST', '/api/v1/orchestrations', { token: other.token, json: { repositories: ['bob/x'] } }))
          .status,
      ).toBe(202);
    } finally {
      await h.close();
    }
  }, 120_000);
});

describe('a job waiting for its credential’s GitHub budget', () => {
  const limits = () =>
    contentCreationLimiter({
      redis,
      prefix: `${prefix}content:${randomBytes(4).toString('hex')}:`,
      perMinute: 2,
      minuteMs: 1000,
      perHour: 100,
      hourMs: 60_000,
    });

  test('sleeps through a short wait, and hands back when the wait is long, saying until when', async () => {
    const shared = limits();
    const short = jobGate({ parkAfterMs: 5000, stopping: new AbortController().signal }).limiter(shared)!;
    await short.acquire('cred');
    await short.acquire('cred');
    const t0 = Date.now();
    await short.acquire('cred'); // ~1 s: slept, not handed back
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    await shared.acquire('cred'); // the window is full again
    const gate = jobGate({ parkAfterMs: 200, stopping: new AbortController().signal });
    const err = await gate
      .limiter(shared)!
      .acquire('cred')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandBack);
    expect((err as HandBack).reason).toBe('github-limit');
    expect((err as HandBack).until).toBeGreaterThan(Date.now() + 200);
    expect(gate.handBack).toBe(err);
  });

  test('checks that all its writes can go soon before the first, and hands back at once when stopping', async () => {
    const shared = limits();
    const gate = jobGate({ parkAfterMs: 200, stopping: new AbortController().signal });
    await shared.acquire('cred');
    gate.beforeWrites(4); // more than the 1 slot left: waiting for all of them is long
    expect(
      await gate
        .limiter(shared)!
        .acquire('cred')
        .catch((e: unknown) => e),
    ).toBeInstanceOf(HandBack);
    expect(await shared.waitFor!('cred', 1)).toBe(0); // the check took nothing

    const stopping = new AbortController();
    const sleeping = jobGate({ parkAfterMs: 5000, stopping: stopping.signal }).limiter(shared)!;
    await shared.acquire('cred');
    const waiting = sleeping.acquire('cred').catch((e: unknown) => e);
    const t0 = Date.now();
    stopping.abort();
    const stopped = await waiting;
    expect(Date.now() - t0).toBeLessThan(500);
    expect(stopped).toBeInstanceOf(HandBack);
    expect((stopped as HandBack).reason).toBe('shutdown');
  });
});
