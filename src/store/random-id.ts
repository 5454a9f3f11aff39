import { randomInt } from 'node:crypto';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `prefix` and `length` random base62 characters: the ids of stored records (accounts, API tokens). */
export function randomId(prefix: string, length = 20): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += BASE62[randomInt(62)];
  return id;
}
