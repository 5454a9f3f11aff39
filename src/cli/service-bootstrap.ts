import { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';
import { systemClock, type Clock } from '../clock.js';
import { ConfigError, describeRedisUrl, loadConfig, type Config } from '../config/load-config.js';
import { createLogger, type Logger } from '../log.js';
import { checkRedisDurability } from '../store/redis-durability.js';
import { migrateStore, SchemaVersionError } from '../store/schema-version.js';
import { createStore, type Store } from '../store/store.js';
import { createVault, type Vault } from '../vault/vault.js';
import { vaultSelfTest, VaultStartError } from '../credentials/vault-self-test.js';

/** A reason the process must not start, worded for the operator. */
export class StartError extends Error {
  override name = 'StartError';
}

export interface ServiceContext {
  config: Config;
  logger: Logger;
  redis: Redis;
  store: Store;
  vault: Vault;
  clock: Clock;
  close(): Promise<void>;
}

export interface BootstrapOptions {
  env: Record<string, string | undefined>;
  logDestination: DestinationStream;
  /** Admin commands keep their stdout for results and log only warnings. */
  logLevel?: string;
  clock?: Clock;
}

/**
 * What `rampart api`, `rampart worker` and `rampart admin` do first, in this order: validate the
 * environment, reach Redis, refuse a Redis that can lose data (unless allowed), migrate the stored records to
 * this version's schema, and prove the key ring can decrypt what is stored. Any failure stops the process with one clear message.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<ServiceContext> {
  let config: Config;
  try {
    config = loadConfig(options.env);
  } catch (err) {
    if (err instanceof ConfigError) throw new StartError(err.message);
    throw err;
  }
  const logger = createLogger({ level: options.logLevel ?? config.logLevel, destination: options.logDestination });
  const where = describeRedisUrl(config.redisUrl);
  let connected = false;
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    // How long a closing connection may linger; ioredis keeps a timer this long even when the socket never opened.
    disconnectTimeout: 500,
    // At start an unreachable Redis is a configuration error to report, not something to wait out.
    retryStrategy: (times) => (connected ? Math.min(times * 200, 2000) : null),
  });
  // Reconnection errors are reported by the requests that fail; this only keeps them off stderr.
  redis.on('error', (err: Error) => logger.debug({ err: err.message }, 'redis connection error'));
  const fail = async (message: string): Promise<never> => {
    redis.disconnect();
    throw new StartError(message);
  };
  try {
    await redis.connect();
    connected = true;
  } catch (err) {
    return fail(`cannot reach Redis at ${where} (REDIS_URL): ${(err as Error).message}`);
  }

  const durability = await checkRedisDurability(redis);
  if (!durability.ok) {
    const list = durability.problems.join('; ');
    if (!config.allowVolatileRedis) {
      return fail(
        `Redis at ${where} can lose Rampart's data: ${list}. Configure it as in docker-compose.yml (appendonly yes, maxmemory-policy noeviction), or set RAMPART_ALLOW_VOLATILE_REDIS=1 for tests and demos.`,
      );
    }
    logger.warn(
      { problems: durability.problems },
      'Redis can lose data; continuing because RAMPART_ALLOW_VOLATILE_REDIS is set. Do not run production like this.',
    );
  }

  const clock = options.clock ?? systemClock;
  const vault = await createVault(config.masterKeys);
  const store = createStore({ redis, prefix: config.redisPrefix, clock, sessionTtlSeconds: config.sessionTtlSeconds });
  try {
    // Before anything reads a record: an upgrade's migrations run once, whichever process starts first.
    await migrateStore(
      { redis, keys: store.keys, clock },
      { log: (message, details) => logger.info(details ?? {}, message) },
    );
  } catch (err) {
    if (err instanceof SchemaVersionError) return fail(err.message);
    throw err;
  }
  try {
    await vaultSelfTest(vault, store.credentials);
  } catch (err) {
    if (err instanceof VaultStartError) return fail(err.message);
    throw err;
  }
  return {
    config,
    logger,
    redis,
    store,
    vault,
    clock,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
