import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import { accountStore } from './account-store.js';
import { apiTokenStore } from './api-token-store.js';
import { auditStore } from './audit-store.js';
import { credentialStore } from './credential-store.js';
import { redisKeys } from './keys.js';
import { optionsStore } from './options-store.js';
import { runStore } from './run-store.js';
import { sessionStore } from './session-store.js';

export interface StoreOptions {
  redis: Redis;
  /** Every key starts with it; `rampart:` in production. */
  prefix: string;
  clock: Clock;
  sessionTtlSeconds: number;
}

/** All Redis records, one facade; callers never build keys themselves. */
export function createStore(options: StoreOptions) {
  const ctx = { redis: options.redis, keys: redisKeys(options.prefix), clock: options.clock };
  const audit = auditStore(ctx);
  return {
    redis: options.redis,
    keys: ctx.keys,
    audit,
    accounts: accountStore(ctx, audit),
    sessions: sessionStore(ctx, options.sessionTtlSeconds),
    apiTokens: apiTokenStore(ctx, audit),
    credentials: credentialStore(ctx, audit),
    options: optionsStore(ctx, audit),
    runs: runStore(ctx),
  };
}

export type Store = ReturnType<typeof createStore>;
