import type { Request, Response } from 'express';
import type { ApiRuntime } from '../api-runtime.js';

const BLOCK_MS = 5000;

/**
 * Server-sent events for one run, read from its Redis stream on a connection of its own (XREAD BLOCK holds it):
 * every state change since `Last-Event-ID` (or from the start), a comment every few seconds to keep proxies from
 * closing the stream, and `end` once the run is final.
 */
export async function streamRunEvents(rt: ApiRuntime, runId: string, req: Request, res: Response): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  const reader = rt.deps.redis.duplicate();
  let open = true;
  req.on('close', () => {
    open = false;
    reader.disconnect();
  });
  let last =
    typeof req.headers['last-event-id'] === 'string' && /^\d+-\d+$/.test(req.headers['last-event-id'])
      ? req.headers['last-event-id']
      : '0';
  try {
    while (open) {
      const events = await rt.store.runs.events(runId, last, BLOCK_MS, reader).catch(() => []);
      for (const e of events) {
        res.write(`id: ${e.id}\nevent: repository\ndata: ${JSON.stringify(e.result)}\n\n`);
        last = e.id;
      }
      const view = await rt.store.runs.view(runId);
      if (!view || view.status === 'completed' || view.status === 'cancelled') {
        if (open) res.write(`event: end\ndata: ${JSON.stringify({ id: runId, status: view?.status ?? 'gone' })}\n\n`);
        break;
      }
      if (events.length === 0 && open) res.write(': waiting\n\n');
    }
  } finally {
    reader.disconnect();
    res.end();
  }
}
