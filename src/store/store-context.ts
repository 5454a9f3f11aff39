import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { RedisKeys } from './keys.js';

export interface StoreContext {
  redis: Redis;
  keys: RedisKeys;
  clock: Clock;
}

/** A stored record that no longer matches its schema: reported by key, never by content. */
export class StoreError extends Error {
  override name = 'StoreError';
}

export function parseRecord<T extends z.ZodType>(key: string, raw: string | null, schema: T): z.output<T> | null {
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new StoreError(`the record at ${key} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new StoreError(
      `the record at ${key} does not match its schema (version ${String((json as { v?: unknown })?.v)})`,
    );
  return parsed.data;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
