import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { HealthStatus } from './worker-health.js';

/**
 * A worker's own /metrics and /healthz (RAMPART_WORKER_METRICS_PORT): workers have no API server to hang them on.
 * /healthz answers 200 `{"status":"ok"}`, or 503 `{"status":"unhealthy","problems":[…]}` naming what is broken.
 */
export async function serveMetrics(
  registry: Registry,
  port: number,
  host = '0.0.0.0',
  health: () => HealthStatus = () => ({ healthy: true, problems: [] }),
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      const s = health();
      const body = s.healthy ? { status: 'ok' } : { status: 'unhealthy', problems: s.problems };
      res
        .writeHead(s.healthy ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(`${JSON.stringify(body)}\n`);
      return;
    }
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
