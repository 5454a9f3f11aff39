import { createHash, randomBytes } from 'node:crypto';

// The checksum is the same CRC32-in-base62 scheme Rampart uses for its own tokens.
import { base62, crc32 } from '../../src/accounts/token-format.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Stable, non-secret name for a token in logs and counts. Tests may compute it the same way. */
export function tokenLabel(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

/** `<prefix>` + 30 random chars + 6-char base62 CRC32 of them, like GitHub's 2021 token format (40 chars for ghp_/gho_/ghs_). */
export function mintToken(prefix: 'ghp_' | 'gho_' | 'ghs_'): string {
  const body = randomBase62(30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

/**
 * Installation tokens in the stateless format GitHub rolled out in 2026: `ghs_<APPID>_<JWT-like>`,
 * about 520 chars, with two dots. The segments use only `[A-Za-z0-9]`, so they match GitHub's
 * suggested `ghs_[A-Za-z0-9\._]{36,}`.
 */
export function mintStatelessInstallationToken(appId: number): string {
  return `ghs_${appId}_${randomBase62(36)}.${randomBase62(140)}.${randomBase62(342)}`;
}
