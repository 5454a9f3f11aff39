import type { Request, Response } from 'express';
import { Redis } from 'ioredis';
import { errorHandler } from '../../../src/api/errors.js';
import { AppError, RedisFailure } from '../../../src/errors.js';
import { apiErrorSchema } from '../../../src/errors/api-error-codes.js';
import { freePort } from '../../../src/store/redis-probe.js';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** errorHandler against a stand-in response that records what it was told. */
function answer(err: unknown): Answer {
  const out: Answer = { status: 0, headers: {}, body: undefined };
  const quiet = { error: () => undefined, warn: () => undefined };
  const res = {
    headersSent: false,
    locals: { requestId: 'req-1', log: quiet },
    setHeader: (name: string, value: string) => void (out.headers[name] = value),
    status(code: number) {
      out.status = code;
      return this;
    },
    json: (body: unknown) => void (out.body = body),
  };
  errorHandler(err, {} as Request, res as unknown as Response, () => undefined);
  expect(apiErrorSchema.safeParse(out.body).success).toBe(true);
  return out;
}

describe('errorHandler: every failure becomes a listed code', () => {
  test('an AppError keeps its status, code and headers', () => {
    expect(answer(new AppError(429, 'rate_limited', 'Slow down.', { 'retry-after': '3' }))).toEqual({
      status: 429,
      headers: { 'retry-after': '3' },
      body: { error: { code: 'rate_limited', message: 'Slow down.' } },
    });
  });

  test.each([
    [
      'a real ioredis failure (nothing listens on the port)',
      async () => {
        const redis = new Redis(`redis://127.0.0.1:${await freePort()}`, {
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
          lazyConnect: true,
        });
        redis.on('error', () => undefined);
        const err = await redis.get('k').catch((e: unknown) => e);
        redis.disconnect();
        return err;
      },
    ],
    ["Rampart's own RedisFailure", async () => new RedisFailure('reading a run', new Error('Connection is closed.'))],
  ])('%s is Redis being down: 503 unavailable with retry-after', async (_what, failure) => {
    expect(answer(await failure())).toMatchObject({
      status: 503,
      headers: { 'retry-after': '5' },
      body: { error: { code: 'unavailable' } },
    });
  });

  test('a refused connection to GitHub is not reported as Rampart’s database being down', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 140.82.112.6:443'), { code: 'ECONNREFUSED' });
    expect(answer(err)).toMatchObject({
      status: 500,
      body: { error: { code: 'internal', message: expect.stringContaining('req-1') } },
    });
  });
});
