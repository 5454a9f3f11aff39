import { createApp } from '../../../src/api/create-app.js';
import { createLogger } from '../../../src/log.js';
import { startHarness, type Harness } from './support/harness.js';
import { startRedisServer } from './support/redis-server.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { RAMPART_RATE_LIMIT_USER_PER_MINUTE: '6', RAMPART_RATE_LIMIT_IP_PER_MINUTE: '1000' },
  });
});
afterAll(async () => h?.close());

describe('HTTP basics', () => {
  test('/healthz and /readyz', async () => {
    expect(await h.request('GET', '/healthz')).toMatchObject({ status: 200, json: { status: 'ok' } });
    const ready = await h.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json.checks.redis).toBe('ok');
    // The machines' test Redis runs without persistence; the harness allows that, and readiness says so.
    expect(ready.json.checks.durability).toMatch(/^(ok|volatile \(allowed by RAMPART_ALLOW_VOLATILE_REDIS\))/);
  });

  test('/readyz answers 503 when Redis is down', async () => {
    const { Redis } = await import('ioredis');
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    const app = createApp({
      config: h.config,
      redis: dead,
      logger: createLogger({ level: 'silent' }),
      clock: h.clock,
      vault: h.vault,
    });
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        status: 'unavailable',
        checks: { redis: 'unreachable', durability: 'unknown' },
      });
    } finally {
      server.close();
      dead.disconnect();
    }
  });

  test('/readyz answers 503 when Redis can lose data and that is not allowed', async () => {
    const volatile = await startRedisServer(['--save', '', '--appendonly', 'no']);
    const { Redis } = await import('ioredis');
    const redis = new Redis(volatile.url);
    const app = createApp({
      config: { ...h.config, allowVolatileRedis: false },
      redis,
      logger: createLogger({ level: 'silent' }),
      clock: h.clock,
      vault: h.vault,
    });
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { checks: { redis: string; durability: string } };
      expect(body.checks.redis).toBe('ok');
      expect(body.checks.durability).toMatch(/^refused: persistence is off/);
    } finally {
      server.close();
      await redis.quit();
      await volatile.stop();
    }
  });

  test('unknown routes, bad JSON, wrong content type and big bodies get JSON errors', async () => {
    const { token } = await h.createUser('alice');
    expect(await h.request('GET', '/api/v1/nope')).toMatchObject({
      status: 404,
      json: { error: { code: 'not_found' } },
    });
    expect(
      await h.request('PUT', '/api/v1/me/orchestrate-options', {
        token,
        body: '{"draft":',
        headers: { 'content-type': 'application/json' },
      }),
    ).toMatchObject({
      status: 400,
      json: { error: { code: 'invalid_json' } },
    });
    expect(
      (
        await h.request('PUT', '/api/v1/me/orchestrate-options', {
          token,
          body: 'draft=true',
          headers: { 'content-type': 'text/plain' },
        })
      ).json.error.message,
    ).toMatch(/Content-Type: application\/json/);
    const big = await h.request('PUT', '/api/v1/me/orchestrate-options', {
      token,
      json: { pr_title: 'x'.repeat(100_000) },
    });
    expect(big).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large' } } });
  });

  test('helmet headers and no caching', async () => {
    const res = await h.request('GET', '/healthz');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("all of a user's tokens share one rate limit; other users are not affected", async () => {
    const { token } = await h.createUser('bob');
    const second = (
      await h.request('POST', '/api/v1/me/tokens', { token, json: { name: 'second', scopes: ['runs:read'] } })
    ).json.token;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await h.request('GET', '/api/v1/me', { token: i % 2 === 0 ? token : second })).status);
    // Six allowed per minute: the token creation used one, so the sixth call is the seventh request.
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await h.request('GET', '/api/v1/me', { token: second });
    expect(limited).toMatchObject({ status: 429, json: { error: { code: 'rate_limited' } } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const carol = await h.createUser('carol');
    expect((await h.request('GET', '/api/v1/me', { token: carol.token })).status).toBe(200);
  });
});

describe('per-address rate limit', () => {
  test('applies before authentication', async () => {
    const tight = await startHarness({ env: { RAMPART_RATE_LIMIT_IP_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await tight.request('GET', '/api/v1/openapi.json')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await tight.request('GET', '/healthz')).status).toBe(200);
    } finally {
      await tight.close();
    }
  });
});
