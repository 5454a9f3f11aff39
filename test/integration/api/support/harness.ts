import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { createUserWithToken } from '../../../../src/accounts/accounts.js';
import { githubUserLookup } from '../../../../src/accounts/github-user-lookup.js';
import { createApp } from '../../../../src/api/create-app.js';
import { loadConfig, type Config } from '../../../../src/config/load-config.js';
import { collectingDestination, createLogger } from '../../../../src/log.js';
import { createStore, type Store } from '../../../../src/store/store.js';
import { createVault, type Vault } from '../../../../src/vault/vault.js';
import { startEmulator, type EmulatorHandle } from '@rampart/github-emulator';
import { apiTestSeed, APP, appPrivateKey } from './seed.js';

export const REDIS_URL = process.env.RAMPART_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Tests index into bodies freely; the OpenAPI test checks their shapes. */
  json: any;
}

export interface RequestOptions {
  token?: string;
  cookie?: string;
  csrf?: string;
  json?: unknown;
  form?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
}

export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export interface Harness {
  url: string;
  app: Express;
  emulator: EmulatorHandle;
  redis: Redis;
  config: Config;
  prefix: string;
  store: Store;
  vault: Vault;
  clock: TestClock;
  /** Every log line the app wrote. */
  logs: string[];
  /** Every response: status line, headers and body, as text. */
  transcript: string[];
  /** Every (method, path, status, body) answered, for the OpenAPI check. */
  exchanges: Array<{ method: string; path: string; status: number; json: unknown; contentType: string | null }>;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  createUser(login: string, email?: string): Promise<{ accountId: string; token: string }>;
  close(): Promise<void>;
}

export function randomKey(): string {
  return randomBytes(32).toString('base64');
}

export interface HarnessOptions {
  env?: Record<string, string>;
  masterKeys?: string;
}

/** The real app on a free port, real Redis under a unique prefix, and the GitHub emulator. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  // One key for both sides: the emulator verifies the App JWTs Rampart signs with it.
  const privateKey = appPrivateKey();
  const emulator = await startEmulator({ port: 0, seed: apiTestSeed(privateKey) });
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const prefix = `rampart-test-${randomBytes(6).toString('hex')}:`;
  const config = loadConfig({
    REDIS_URL,
    RAMPART_REDIS_PREFIX: prefix,
    RAMPART_MASTER_KEYS: options.masterKeys ?? `k1:${randomKey()}`,
    GITHUB_API_URL: emulator.url,
    GITHUB_WEB_URL: emulator.url,
    RAMPART_PUBLIC_URL: url,
    GITHUB_APP_ID: String(APP.id),
    GITHUB_APP_PRIVATE_KEY: privateKey,
    GITHUB_APP_CLIENT_ID: APP.clientId,
    GITHUB_APP_CLIENT_SECRET: APP.clientSecret,
    GITHUB_APP_WEBHOOK_SECRET: APP.webhookSecret,
    RAMPART_ALLOW_VOLATILE_REDIS: '1',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const redis = new Redis(config.redisUrl);
  let offset = 0;
  const clock: TestClock = { now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
  const logs: string[] = [];
  const logger = createLogger({
    level: config.logLevel,
    destination: collectingDestination((line) => logs.push(line)),
  });
  const vault = await createVault(config.masterKeys);
  const store = createStore({ redis, prefix, clock, sessionTtlSeconds: config.sessionTtlSeconds });
  const app = createApp({ config, redis, logger, clock, vault });
  server.on('request', app);

  const transcript: string[] = [];
  const exchanges: Harness['exchanges'] = [];
  const request = async (method: string, path: string, o: RequestOptions = {}): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.cookie) headers.cookie = o.cookie;
    if (o.csrf) headers['x-csrf-token'] = o.csrf;
    let body: string | undefined = o.body;
    if (o.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(o.json);
    } else if (o.form) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      body = new URLSearchParams(o.form).toString();
    }
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    transcript.push(
      `${method} ${path} -> ${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}`,
    );
    exchanges.push({ method, path, status: res.status, json, contentType: res.headers.get('content-type') });
    return { status: res.status, headers: res.headers, text, json };
  };

  return {
    url,
    app,
    emulator,
    redis,
    config,
    prefix,
    store,
    vault,
    clock,
    logs,
    transcript,
    exchanges,
    request,
    async createUser(login, email = `${login}@example.com`) {
      // As `rampart admin create-user` does: bound to the emulator's user id when it has one, else unbound.
      const known = await githubUserLookup(emulator.url)(login);
      const created = await createUserWithToken(
        { store, clock, maxLifetimeDays: config.apiTokenMaxLifetimeDays },
        { login, email, ...(known ? { githubId: known.id } : {}) },
      );
      return { accountId: created.account.id, token: created.token };
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.close();
      await deleteByPrefix(redis, prefix);
      await redis.quit();
    },
  };
}

export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Every key under the prefix with its value rendered as text, for the secret-safety scan. */
export async function dumpPrefix(redis: Redis, prefix: string): Promise<Array<{ key: string; value: string }>> {
  const out: Array<{ key: string; value: string }> = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      let value: unknown;
      if (type === 'string') value = await redis.get(key);
      else if (type === 'hash') value = await redis.hgetall(key);
      else if (type === 'set') value = await redis.smembers(key);
      else if (type === 'stream') value = await redis.xrange(key, '-', '+');
      else if (type === 'list') value = await redis.lrange(key, 0, -1);
      else if (type === 'zset') value = await redis.zrange(key, '0', '-1');
      out.push({ key, value: JSON.stringify(value) });
    }
  } while (cursor !== '0');
  return out;
}
