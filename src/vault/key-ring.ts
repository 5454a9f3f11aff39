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
    throw new KeyRingError(`is not set: give at least one key as kid:base64key (generate a key with: openssl rand -base64 ${MASTER_KEY_BYTES})`);
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
    keys.set(kid, { kid, key });
  });
  const first = keys.values().next().value as MasterKey;
  return { active: first, keys };
}
