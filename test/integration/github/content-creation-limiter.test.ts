import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { contentCreationLimiter } from '../../../src/github/content-creation-limiter.js';
import { deleteByPrefix, REDIS_URL } from '../api/support/harness.js';

describe('contentCreationLimiter (sliding windows in Redis)', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = `rampart-test-${randomBytes(6).toString('hex')}:content:`;
  afterAll(async () => {
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  });

  test('no window ever holds more than its limit, across two limiters sharing Redis', async () => {
    let clock = 1_000_000;
    const sent: number[] = [];
    const opts = {
      redis,
      prefix,
      perMinute: 3,
      minuteMs: 1000,
      perHour: 5,
      hourMs: 10_000,
      now: () => clock,
      sleep: async (ms: number) => void (clock += ms),
    };
    const a = contentCreationLimiter(opts);
    const b = contentCreationLimiter(opts);
    for (let i = 0; i < 12; i++) {
      await (i % 2 ? a : b).acquire('cred-1');
      sent.push(clock);
    }
    const within = (ms: number, at: number) => sent.filter((t) => t > at - ms && t <= at).length;
    for (const t of sent) {
      expect(within(1000, t)).toBeLessThanOrEqual(3);
      expect(within(10_000, t)).toBeLessThanOrEqual(5);
    }
    // Another credential has its own budget.
    const before = clock;
    await a.acquire('cred-2');
    expect(clock).toBe(before);
  });
});
