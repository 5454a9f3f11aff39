import { randomInt } from 'node:crypto';
import { BASE62 } from '../store/random-id.js';

const RANDOM_CHARS = 32; // ~190 bits
const CHECKSUM_CHARS = 6; // 62^6 > 2^32

/** `rpat_`: long-lived API tokens. `rpax_`: 15-minute access tokens from the token exchange. */
export const API_TOKEN_PREFIX = 'rpat_';
export const ACCESS_TOKEN_PREFIX = 'rpax_';
export type RampartTokenPrefix = typeof API_TOKEN_PREFIX | typeof ACCESS_TOKEN_PREFIX;

/** What a secret scanner can match; the checksum then tells a real token from a look-alike offline. */
export const RAMPART_TOKEN_PATTERN = /\brp(?:at|ax)_[0-9A-Za-z]{38}\b/;
const TOKEN_SHAPE = /^rp(?:at|ax)_[0-9A-Za-z]{38}$/;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** `value` in base62, left-padded to `width`: the checksum alphabet of GitHub's token format. */
export function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out;
}

/** Prefix + 32 random base62 characters + the base62 CRC32 (6 characters) of everything before it. */
export function mintRampartToken(prefix: RampartTokenPrefix): string {
  let body = prefix;
  for (let i = 0; i < RANDOM_CHARS; i++) body += BASE62[randomInt(62)];
  return body + base62(crc32(body), CHECKSUM_CHARS);
}

/**
 * True when `token` has a Rampart prefix, the right shape, and a checksum that matches: what a
 * secret scanner needs to tell a real token from a look-alike without asking Rampart.
 */
export function verifyTokenChecksum(token: string): boolean {
  if (!TOKEN_SHAPE.test(token)) return false;
  const body = token.slice(0, -CHECKSUM_CHARS);
  return base62(crc32(body), CHECKSUM_CHARS) === token.slice(-CHECKSUM_CHARS);
}
