import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import { accountDeletion } from './account-deletion.js';
import { accountStore } from './account-store.js';
import { apiTokenStore } from './api-token-store.js';
import { auditStore } from './audit-store.js';
import { credentialStore } from './credential-store.js';
import { githubUserTokenStore } from './github-user-token-store.js';
import { declinedChangeStore } from './declined-change-store.js';
import { redisKeys } from './keys.js';
import { optionsStore } from './options-store.js';
import { policyStore } from './policy-store.js';
import { repositoryStateStore } from './repository-state-store.js';
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
    userTokens: githubUserTokenStore(ctx),
    deletion: accountDeletion(ctx),
    repositoryStates: repositoryStateStore(ctx),
    declinedChanges: declinedChangeStore(ctx),
    policies: policyStore(ctx, audit),
  };
}

export type Store = ReturnType<typeof createStore>;
