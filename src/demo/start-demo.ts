import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type EmulatorHandle } from '@rampart/github-emulator';
import type { DestinationStream } from 'pino';
import { createUserWithToken } from '../accounts/accounts.js';
import { createApp } from '../api/create-app.js';
import { GITHUB_WEBHOOK_PATH } from '../api/routes/github-webhook-routes.js';
import { DEFAULT_POLICY_TIMING } from '../queue/policy-schedules.js';
import { bootstrapService, type ServiceContext } from '../cli/service-bootstrap.js';
import { runWorker } from '../../workers/run-worker.js';
import { DEMO_APP, DEMO_LOGIN, DEMO_REPOSITORIES, DEMO_USER_ID, demoSeed } from './demo-seed.js';
import { findDemoRedis, type DemoRedis } from './demo-redis.js';
import { DEMO_PUSH_DEBOUNCE_MS } from './policy-demo.js';

export interface DemoOptions {
  /** The caller's environment: only REDIS_URL and LOG_LEVEL are read from it. */
  env: Record<string, string | undefined>;
  /** Where the API listens on 127.0.0.1; 0 picks a free port. */
  port: number;
  /** Interface the API binds; 127.0.0.1 unless in a container (docker-compose's demo profile passes 0.0.0.0). */
  host?: string;
  logDestination: DestinationStream;
}

export interface DemoSession {
  apiUrl: string;
  emulatorUrl: string;
  redis: DemoRedis;
  redisPrefix: string;
  login: string;
  /** The demo account's API token: the one secret the demo prints, on purpose. */
  token: string;
  repositories: readonly string[];
  emulator: EmulatorHandle;
  close(): Promise<void>;
}

/**
 * Everything `rampart demo` runs, in this process: a private Redis if needed, the emulator, the API (with /metrics
 * and /admin/queues on) and one worker, under a Redis prefix of its own; then the demo account and its saved PAT.
 * close() undoes it all in reverse order, including the demo's keys.
 */
export async function startDemo(options: DemoOptions): Promise<DemoSession> {
  const undo: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    undo.length = 0;
  };
  try {
    const redis = await findDemoRedis({ redisUrl: options.env.REDIS_URL || 'redis://127.0.0.1:6379' });
    undo.push(() => redis.stop());
    const { seed, pat, appPrivateKeyPem, appClientSecret, appWebhookSecret } = await demoSeed();
    const emulator = await startEmulator({ port: 0, seed });
    undo.push(() => emulator.close());

    // Listen first: the API's public URL (OAuth callback, cookies) must name the port actually bound.
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
    });
    undo.push(() => closeServer(server));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const redisPrefix = `rampart-demo-${randomBytes(4).toString('hex')}:`;
    const service = await bootstrapService({
      env: {
        REDIS_URL: redis.url,
        RAMPART_REDIS_PREFIX: redisPrefix,
        // Generated per session: what the demo stores is unreadable after it ends, and is deleted anyway.
        RAMPART_MASTER_KEYS: `demo:${randomBytes(32).toString('base64')}`,
        RAMPART_ALLOW_VOLATILE_REDIS: '1',
        GITHUB_API_URL: emulator.url,
        GITHUB_WEB_URL: emulator.url,
        RAMPART_PUBLIC_URL: apiUrl,
        HOST: options.host ?? '127.0.0.1',
        PORT: String((server.address() as AddressInfo).port),
        GITHUB_APP_ID: String(DEMO_APP.id),
        GITHUB_APP_PRIVATE_KEY: appPrivateKeyPem,
        GITHUB_APP_CLIENT_ID: DEMO_APP.clientId,
        GITHUB_APP_CLIENT_SECRET: appClientSecret,
        GITHUB_APP_WEBHOOK_SECRET: appWebhookSecret,
        RAMPART_METRICS: '1',
        RAMPART_OPERATOR_LOGINS: `${DEMO_LOGIN}:${DEMO_USER_ID}`,
        // Errors only by default: the demo's Redis is volatile on purpose, and its warning about that is noise here.
        LOG_LEVEL: options.env.LOG_LEVEL || 'error',
      },
      logDestination: options.logDestination,
    });
    undo.push(() => service.close());
    undo.push(() => deleteByPrefix(service, redisPrefix));
    const policyTiming = { ...DEFAULT_POLICY_TIMING, pushDebounceMs: DEMO_PUSH_DEBOUNCE_MS };
    server.on(
      'request',
      createApp({
        config: service.config,
        redis: service.redis,
        logger: service.logger,
        clock: service.clock,
        vault: service.vault,
        policyTiming,
      }),
    );
    // The App's webhooks (pushes, new repositories, pull requests closed) come to this API, as GitHub would send them.
    emulator.control.setWebhook({ app_id: DEMO_APP.id, url: `${apiUrl}${GITHUB_WEBHOOK_PATH}` });
    const worker = await runWorker(service, 2, policyTiming);
    undo.push(() => worker.close());

    const { token } = await createUserWithToken(
      { store: service.store, clock: service.clock, maxLifetimeDays: service.config.apiTokenMaxLifetimeDays },
      { login: DEMO_LOGIN, githubId: DEMO_USER_ID, email: 'octocat@example.com', tokenName: 'rampart demo' },
    );
    // Through the real API, as a user would: it checks the PAT against GitHub (the emulator) before storing it.
    const saved = await fetch(`${apiUrl}/api/v1/me/github-pat`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'demo laptop', token: pat, email: 'octocat@example.com' }),
    });
    if (!saved.ok)
      throw new Error(`the demo could not save its PAT through the API: HTTP ${saved.status} ${await saved.text()}`);

    return {
      apiUrl,
      emulatorUrl: emulator.url,
      redis,
      redisPrefix,
      login: DEMO_LOGIN,
      token,
      repositories: DEMO_REPOSITORIES,
      emulator,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

/** The demo's keys only (never FLUSHALL: REDIS_URL may be a Redis the user keeps other data in). */
async function deleteByPrefix(service: ServiceContext, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await service.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await service.redis.del(...keys);
  } while (cursor !== '0');
}
