import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from './keys.js';
import type { CredentialEvent } from './credential-store.js';

const eventSchema = z.object({
  accountId: z.string(),
  generation: z.number().int(),
  event: z.enum(['saved', 'removed']),
});

/**
 * Calls `onEvent` for every PAT saved, replaced or removed, from any API process. `subscriber` must be
 * a connection of its own: a Redis connection in subscribe mode can do nothing else. Resolves to a
 * function that unsubscribes.
 */
export async function subscribeToCredentialEvents(
  subscriber: Redis,
  keys: RedisKeys,
  onEvent: (event: CredentialEvent) => void,
): Promise<() => Promise<void>> {
  const channel = keys.credentialEvents;
  const listener = (from: string, message: string) => {
    if (from !== channel) return;
    let json: unknown;
    try {
      json = JSON.parse(message);
    } catch {
      return;
    }
    const parsed = eventSchema.safeParse(json);
    if (parsed.success) onEvent(parsed.data);
  };
  subscriber.on('message', listener);
  await subscriber.subscribe(channel);
  return async () => {
    subscriber.off('message', listener);
    await subscriber.unsubscribe(channel);
  };
}
