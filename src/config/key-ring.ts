/** One master key: `kid` names it in stored records, `key` is 32 bytes for XChaCha20-Poly1305. */
export interface MasterKey {
  kid: string;
  key: Uint8Array;
}

/** The keys from RAMPART_MASTER_KEYS: the first encrypts, all decrypt. */
export interface KeyRing {
  active: MasterKey;
  keys: ReadonlyMap<string, MasterKey>;
}

export const MASTER_KEY_BYTES = 32;
const KID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Why a key ring was refused; the message never contains key material. */
export class KeyRingError extends Error {
  override name = 'KeyRingError';
}

/**
 * Parses `kid:base64key,kid:base64key,…`. Messages name the entry (by key id or position) and
 * what is wrong, never the key itself, because they end up on the operator's terminal and in logs.
 */
export function parseKeyRing(text: string | undefined): KeyRing {
  if (text === undefined || text.trim() === '') {
    throw new KeyRingError(
      `is not set: give at least one key as kid:base64key (generate a key with: openssl rand -base64 ${MASTER_KEY_BYTES})`,
    );
  }
  const keys = new Map<string, MasterKey>();
  const entries = text.split(',').map((s) => s.trim());
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    if (entry === '') throw new KeyRingError(`${where} is empty (a stray comma?)`);
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new KeyRingError(`${where} has no key id: expected kid:base64key`);
    const kid = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!KID.test(kid)) throw new KeyRingError(`${where}: key id must be 1-32 letters, digits, "-" or "_"`);
    if (keys.has(kid)) throw new KeyRingError(`key id "${kid}" appears twice`);
    if (!(BASE64.test(encoded) || BASE64URL.test(encoded)) || encoded === '') {
      throw new KeyRingError(`key "${kid}" is not valid base64`);
    }
    const key = new Uint8Array(Buffer.from(encoded, BASE64.test(encoded) ? 'base64' : 'base64url'));
    if (key.length !== MASTER_KEY_BYTES) {
      throw new KeyRingError(
        `key "${kid}" is ${key.length} bytes; keys must be exactly ${MASTER_KEY_BYTES} bytes (generate one with: openssl rand -base64 ${MASTER_KEY_BYTES})`,
      );
    }
    const weakness = lowEntropy(key);
    if (weakness) {
      throw new KeyRingError(
        `key "${kid}" ${weakness}, so it is guessable; use a random key (generate one with: openssl rand -base64 ${MASTER_KEY_BYTES})`,
      );
    }
    keys.set(kid, { kid, key });
  });
  const first = keys.values().next().value as MasterKey;
  return { active: first, keys };
}

/** Random 32-byte keys hold ~30 distinct bytes; fewer than this means a typed or patterned key. */
const MIN_DISTINCT_BYTES = 16;

/**
 * Why a key is not random enough to keep secrets, or null. Catches what people paste instead of random bytes: one
 * byte repeated, a short pattern repeated, a counting sequence, or text from a small alphabet.
 */
export function lowEntropy(key: Uint8Array): string | null {
  if (key.every((b) => b === key[0])) return 'is one byte repeated';
  for (let period = 2; period <= key.length / 2; period++) {
    if (key.every((b, i) => i < period || b === key[i - period])) return `repeats one ${period}-byte pattern`;
  }
  const step = ((key[1] ?? 0) - (key[0] ?? 0) + 256) % 256;
  if (key.every((b, i) => i === 0 || (b - (key[i - 1] ?? 0) + 256) % 256 === step)) return 'is a counting sequence';
  if (new Set(key).size < MIN_DISTINCT_BYTES) return `has only ${new Set(key).size} different byte values`;
  return null;
}
