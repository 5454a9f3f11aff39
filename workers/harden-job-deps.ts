import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PatDeps } from '../src/credentials/pat-deps.js';
import type { AppCredentials } from '../src/github/app/app-credentials.js';
import type { ImageResolver } from '../src/harden/resolver/image-resolver.js';
import type { Logger } from '../src/log.js';

/** The GitHub App path (src/github/app/); `enabled: false` when the App is not configured. */
export type AppFallback = AppCredentials;

/** Everything a harden job touches, injected by `rampart worker` (and by tests). */
export interface HardenJobDeps extends PatDeps {
  redis: Redis;
  queue: Queue;
  app: AppFallback;
  logger: Logger;
  /** Seconds a resolved action ref stays in the shared cache. */
  refCacheTtlSeconds: number;
  /** Container registries, for image digests; absent when RAMPART_RESOLVE_IMAGES=0 (images are then reported). */
  imageResolver?: ImageResolver;
}
