import { Router } from 'express';
import type { RampartMetrics } from '../../metrics/rampart-metrics.js';

/**
 * GET /metrics in Prometheus' text format. A sub-router, not an API route: it is not JSON, not under /api/v1, and
 * not in the OpenAPI document. It takes no credentials, so it is mounted only when RAMPART_METRICS=1 or when the
 * API listens on loopback only (see Config.metricsEndpoint); otherwise /metrics is a plain 404.
 */
export function metricsEndpoint(metrics: RampartMetrics): Router {
  const router = Router();
  router.get('/metrics', (_req, res, next) => {
    metrics.registry.metrics().then((text) => {
      res.type(metrics.registry.contentType).send(text);
    }, next);
  });
  return router;
}
