import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { GitHubClient } from '../octokit-factory.js';
import { appRedisKeys } from './app-keys.js';

const PROFILE_TTL_SECONDS = 86_400;
const stored = z.object({ v: z.literal(1), slug: z.string(), htmlUrl: z.string() });

export interface AppProfileOptions {
  redis: Redis;
  prefix: string;
  appId: number | string;
  /** A client that speaks as the App (JWT). */
  appClient: GitHubClient;
}

/**
 * The App's public page (GET /app), read only when a message needs an install link and cached in Redis
 * for a day: the slug and page change only when the App is renamed.
 */
export function appProfile(options: AppProfileOptions) {
  const key = appRedisKeys(options.prefix, options.appId).profile;
  return {
    /** Where an account owner installs the App, or null when GitHub cannot say right now. */
    async installUrl(): Promise<string | null> {
      const cached = await options.redis.get(key);
      if (cached !== null) {
        try {
          const parsed = stored.safeParse(JSON.parse(cached));
          if (parsed.success) return `${parsed.data.htmlUrl}/installations/new`;
        } catch {
          // unreadable: ask GitHub again
        }
      }
      try {
        const { data } = await options.appClient.rest.apps.getAuthenticated();
        if (!data?.html_url || !data.slug) return null;
        await options.redis.set(
          key,
          JSON.stringify({ v: 1, slug: data.slug, htmlUrl: data.html_url }),
          'EX',
          PROFILE_TTL_SECONDS,
        );
        return `${data.html_url}/installations/new`;
      } catch {
        // Only a link in a message depends on it: the message says where to look instead.
        return null;
      }
    },
  };
}
