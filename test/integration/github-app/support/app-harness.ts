import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { createApp } from '../../../../src/api/create-app.js';
import { loadConfig, type Config } from '../../../../src/config/load-config.js';
import {
  createAppCredentials,
  type AppCredentials,
  type AppCredentialsDeps,
} from '../../../../src/github/app/app-credentials.js';
import type { PullRequestClosedHandler } from '../../../../src/github/app/app-webhooks.js';
import { collectingDestination, createLogger } from '../../../../src/log.js';
import { createVault } from '../../../../src/vault/vault.js';
import { startEmulator, type EmulatorHandle } from '@rampart/github-emulator';
import { APP, appPrivateKey, appSeed } from './app-seed.js';

import { deleteByPrefix, REDIS_URL } from '../../api/support/harness.js';

export { deleteByPrefix, REDIS_URL };
export const WEBHOOK_PATH = '/api/v1/github/webhooks';

export interface AppHarness {
  /** Rampart's API (its webhook route receives the emulator's deliveries). */
  url: string;
  emulator: EmulatorHandle;
  redis: Redis;
  prefix: string;
  config: Config;
  privateKey: string;
  logs: string[];
  /** A credentials object like each worker process has its own; all share Redis. */
  credentials(overrides?: Partial<AppCredentialsDeps>): AppCredentials;
  /** App (JWT) installation look-ups the emulator answered since the last `clearRequests`. */
  installationLookups(): number;
  /** Installation tokens minted. */
  mints(): number;
  close(): Promise<void>;
}

export interface AppHarnessOptions {
  /** false: no App settings at all (the fallback and the webhook route are off). */
  app?: boolean;
  onPullRequestClosed?: PullRequestClosedHandler;
}

const LOOKUP_PATH = /^\/(repos\/[^/]+\/[^/]+|orgs\/[^/]+|users\/[^/]+)\/installation$/;

/** Rampart's API on a free port, the emulator delivering the App's webhooks to it, Redis under a unique prefix. */
export async function startAppHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const privateKey = appPrivateKey();
  const emulator = await startEmulator({ port: 0, seed: appSeed(privateKey, `${url}${WEBHOOK_PATH}`) });
  const prefix = `rampart-test-app-${randomBytes(6).toString('hex')}:`;
  const appEnv =
    options.app === false
      ? {}
      : {
          GITHUB_APP_ID: String(APP.id),
          GITHUB_APP_PRIVATE_KEY: privateKey,
          GITHUB_APP_CLIENT_ID: APP.clientId,
          GITHUB_APP_CLIENT_SECRET: APP.clientSecret,
          GITHUB_APP_WEBHOOK_SECRET: APP.webhookSecret,
        };
  const config = loadConfig({
    REDIS_URL,
    RAMPART_REDIS_PREFIX: prefix,
    RAMPART_MASTER_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    GITHUB_API_URL: emulator.url,
    GITHUB_WEB_URL: emulator.url,
    RAMPART_PUBLIC_URL: url,
    RAMPART_ALLOW_VOLATILE_REDIS: '1',
    LOG_LEVEL: 'debug',
    ...appEnv,
  });
  const redis = new Redis(config.redisUrl);
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', destination: collectingDestination((line) => logs.push(line)) });
  const clock = { now: () => Date.now() };
  const app = createApp({
    config,
    redis,
    logger,
    clock,
    vault: await createVault(config.masterKeys),
    ...(options.onPullRequestClosed ? { onPullRequestClosed: options.onPullRequestClosed } : {}),
  });
  server.on('request', app);
  const githubLog = logger.child({ component: 'github-app' });
  const count = (match: (method: string, path: string) => boolean) =>
    emulator.control.requests().entries.filter((e) => match(e.method, e.path)).length;

  return {
    url,
    emulator,
    redis,
    prefix,
    config,
    privateKey,
    logs,
    credentials: (overrides = {}) =>
      createAppCredentials({
        config,
        redis,
        clock,
        retries: 0,
        log: {
          debug: (m) => githubLog.debug(m),
          info: (m) => githubLog.debug(m),
          warn: (m) => githubLog.warn(m),
          error: (m) => githubLog.error(m),
        },
        ...overrides,
      }),
    installationLookups: () => count((method, path) => method === 'GET' && LOOKUP_PATH.test(path)),
    mints: () => count((method, path) => method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)),
    async close() {
      await emulator.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await deleteByPrefix(redis, prefix);
      await redis.quit();
    },
  };
}
