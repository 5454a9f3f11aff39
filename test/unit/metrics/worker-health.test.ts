import { Registry } from 'prom-client';
import { serveMetrics } from '../../../src/metrics/serve-metrics.js';
import { workerHealth, type HealthStatus, type WorkerHealth } from '../../../src/metrics/worker-health.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, timeoutMs = 2000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !ok(); await tick(10))
    if (Date.now() > end) throw new Error(`not ${what} within ${timeoutMs} ms`);
}

describe('workerHealth and /healthz', () => {
  let health: WorkerHealth | undefined;
  afterEach(() => health?.stop());

  test('a failing check, then one that hangs, make the worker unhealthy with the reason; it turns healthy again by itself', async () => {
    let mode: 'ok' | 'fail' | 'hang' = 'ok';
    let release: (() => void) | undefined;
    const changes: HealthStatus[] = [];
    health = workerHealth({
      intervalMs: 20,
      timeoutMs: 100,
      onChange: (s) => changes.push(s),
      checks: [
        { name: 'Redis (job queue)', check: async () => undefined },
        {
          name: 'GitHub request pacing',
          check: () =>
            mode === 'ok'
              ? Promise.resolve()
              : mode === 'fail'
                ? Promise.reject(new Error('Redis failed while pacing GitHub requests: ERR UNKNOWN_CLIENT'))
                : new Promise<void>((r) => (release = r)),
        },
      ],
    });
    const server = await serveMetrics(new Registry(), 0, '127.0.0.1', health.status);
    const get = async () => {
      const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      return { status: res.status, body: await res.json() };
    };
    try {
      await until('healthy at start', () => health!.status().healthy);
      expect(await get()).toEqual({ status: 200, body: { status: 'ok' } });

      mode = 'fail';
      await until('unhealthy', () => !health!.status().healthy);
      expect(await get()).toEqual({
        status: 503,
        body: {
          status: 'unhealthy',
          problems: ['GitHub request pacing: Redis failed while pacing GitHub requests: ERR UNKNOWN_CLIENT'],
        },
      });

      mode = 'ok';
      await until('healthy again', () => health!.status().healthy);
      expect((await get()).status).toBe(200);

      // A paused Redis never answers: the wait itself is the failure once it outlasts the timeout.
      mode = 'hang';
      // Waits for the report itself, not only the status: the timer reports a hang on its next tick.
      await until('reported unhealthy while the check hangs', () => changes.length === 3 && !changes[2]!.healthy);
      expect(health.status().problems).toEqual([
        expect.stringMatching(/^GitHub request pacing: no answer from Redis for \d+ s$/),
      ]);
      mode = 'ok';
      release!();
      await until('healthy once it answers', () => health!.status().healthy);
      expect(changes.map((c) => c.healthy)).toEqual([false, true, false, true]);
    } finally {
      await server.close();
    }
  });

  test('without a health source /healthz is 200, and other paths stay 404', async () => {
    const server = await serveMetrics(new Registry(), 0, '127.0.0.1');
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
