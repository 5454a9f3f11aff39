import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { createApp } from '../../../../src/api/create-app.js';
import { GITHUB_WEBHOOK_PATH } from '../../../../src/api/routes/github-webhook-routes.js';
import { collectingDestination, createLogger } from '../../../../src/log.js';
import { createHardenQueue } from '../../../../src/queue/harden-queue.js';
import { createPolicyQueue } from '../../../../src/queue/policy-queue.js';
import type { PolicyTiming } from '../../../../src/queue/policy-schedules.js';
import { scheduleRepeat } from '../../../../src/queue/policy-schedules.js';
import { startPolicyWorker, type PolicyWorker } from '../../../../workers/policy-worker.js';
import type { Harness, RequestOptions, TestResponse } from '../../api/support/harness.js';
import { APP } from '../../api/support/seed.js';

/** Short times, so a test sees a burst of pushes debounced and schedules tick in half a second. */
export function testTiming(o: { everyMs?: number; debounceMs?: number } = {}): PolicyTiming {
  return {
    repeat: o.everyMs ? () => ({ every: o.everyMs ?? 500 }) : scheduleRepeat,
    pushDebounceMs: o.debounceMs ?? 800,
  };
}

export interface PolicyApi {
  url: string;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

/**
 * Another API process over the harness's Redis, emulator and keys, with the given policy timing (the harness's own
 * app keeps the production timing). Several of these stand for several `rampart api` processes.
 */
export async function startPolicyApi(h: Harness, timing: PolicyTiming): Promise<PolicyApi> {
  const logger = createLogger({ level: 'info', destination: collectingDestination((line) => h.logs.push(line)) });
  const app = createApp({
    config: h.config,
    redis: h.redis,
    logger,
    clock: h.clock,
    vault: h.vault,
    policyTiming: timing,
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async request(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      if (o.json !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(o.json !== undefined ? { body: JSON.stringify(o.json) } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The emulator's App sends its webhooks to this API. */
export function sendAppWebhooksTo(h: Harness, api: PolicyApi): void {
  h.emulator.control.setWebhook({ app_id: APP.id, url: `${api.url}${GITHUB_WEBHOOK_PATH}` });
}

/** A policy worker wired as `rampart worker` wires it; `closeAll` also closes its connections. */
export async function startTestPolicyWorker(
  h: Harness,
  timing: PolicyTiming,
  appEnabled = true,
): Promise<PolicyWorker & { closeAll(): Promise<void> }> {
  const connection = new Redis(h.config.redisUrl, { maxRetriesPerRequest: null });
  const subscriber = new Redis(h.config.redisUrl);
  const hardenQueue = createHardenQueue(h.redis, h.store.keys.queuePrefix);
  const policyQueue = createPolicyQueue(h.redis, h.store.keys.queuePrefix);
  const logger = createLogger({ level: 'warn', destination: collectingDestination((line) => h.logs.push(line)) });
  const worker = await startPolicyWorker(
    {
      store: h.store,
      vault: h.vault,
      clock: h.clock,
      githubApiUrl: h.config.githubApiUrl,
      redis: h.redis,
      hardenQueue,
      policyQueue,
      timing,
      appEnabled,
      maxWaiting: h.config.accountMaxWaiting,
      logger,
    },
    { connection, subscriber },
  );
  return {
    ...worker,
    async closeAll() {
      await worker.close();
      await Promise.all([hardenQueue.close(), policyQueue.close()]);
      await Promise.all([connection.quit(), subscriber.quit()]);
    },
  };
}

/** Polls until `check` returns something, or fails with what it saw last. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const got = await check();
    if (got) return got;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
