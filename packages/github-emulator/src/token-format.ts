import { createHash, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// A copy of the checksum Rampart uses for its own tokens, so the emulator stands alone as a package.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of the UTF-8 bytes of `text`. */
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
export function mintToken(prefix: 'ghp_' | 'gho_' | 'ghs_' | 'ghu_' | 'ghr_'): string {
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
