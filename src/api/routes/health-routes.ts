import { checkRedisDurability } from '../../store/redis-durability.js';
import type { ApiRuntime } from '../api-runtime.js';
import { route, type AnyRoute } from '../route.js';
import { healthSchema, readinessSchema } from '../schemas.js';

export function healthRoutes(rt: ApiRuntime): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/healthz',
      operationId: 'health',
      tag: 'operations',
      summary: 'The process is up',
      auth: 'none',
      responses: { 200: { description: 'Up', schema: healthSchema } },
      handle: async () => ({ status: 200, body: { status: 'ok' } }),
    }),
    route({
      method: 'get',
      path: '/readyz',
      operationId: 'readiness',
      tag: 'operations',
      summary: 'Redis answers and its persistence settings are acceptable',
      auth: 'none',
      responses: {
        200: { description: 'Ready', schema: readinessSchema },
        503: { description: 'Not ready; `checks` says why', schema: readinessSchema },
      },
      handle: async ({ log }) => {
        let redis = 'ok';
        let durability = 'ok';
        try {
          await rt.deps.redis.ping();
          const report = await checkRedisDurability(rt.deps.redis);
          if (!report.ok)
            durability = rt.deps.config.allowVolatileRedis
              ? `volatile (allowed by RAMPART_ALLOW_VOLATILE_REDIS): ${report.problems.join('; ')}`
              : `refused: ${report.problems.join('; ')}`;
        } catch (err) {
          log.warn({ err }, 'readiness check failed');
          redis = 'unreachable';
          durability = 'unknown';
        }
        const ready = redis === 'ok' && !durability.startsWith('refused');
        return {
          status: ready ? 200 : 503,
          body: { status: ready ? 'ready' : 'unavailable', checks: { redis, durability } },
        };
      },
    }),
  ];
}
