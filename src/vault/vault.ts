import sodium from 'libsodium-wrappers';
import type { KeyRing } from '../config/key-ring.js';

/** A stored secret: which key sealed it, the nonce, and the ciphertext with its tag (base64). */
export interface SealedSecret {
  kid: string;
  nonce: string;
  ciphertext: string;
}

/** What a ciphertext belongs to: moving it to another account or record makes it undecryptable. */
export interface SecretBinding {
  accountId: string;
  record: string;
}

export type VaultErrorReason = 'unknown-key' | 'undecryptable';

/** Decryption failed; the message names the key id and record, never key or plaintext material. */
export class VaultError extends Error {
  override name = 'VaultError';
  constructor(
    readonly reason: VaultErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export interface Vault {
  readonly activeKid: string;
  readonly kids: readonly string[];
  seal(plaintext: string, binding: SecretBinding): SealedSecret;
  open(sealed: SealedSecret, binding: SecretBinding): string;
}

/**
 * Associated data binds a ciphertext to its owner, its record and its key id, so a ciphertext copied
 * into another user's record, or relabelled with another kid, fails authentication instead of decrypting.
 */
function associatedData(binding: SecretBinding, kid: string): Uint8Array {
  return new TextEncoder().encode(`rampart/v1\0account=${binding.accountId}\0record=${binding.record}\0kid=${kid}`);
}

/** XChaCha20-Poly1305 (IETF) with a fresh 24-byte random nonce per seal. */
export async function createVault(ring: KeyRing): Promise<Vault> {
  await sodium.ready;
  const nonceBytes = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  return {
    activeKid: ring.active.kid,
    kids: [...ring.keys.keys()],
    seal(plaintext, binding) {
      const { kid, key } = ring.active;
      const nonce = sodium.randombytes_buf(nonceBytes);
      const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        plaintext,
        associatedData(binding, kid),
        null,
        nonce,
        key,
      );
      return {
        kid,
        nonce: Buffer.from(nonce).toString('base64'),
        ciphertext: Buffer.from(ciphertext).toString('base64'),
      };
    },
    open(sealed, binding) {
      const master = ring.keys.get(sealed.kid);
      if (!master) {
        throw new VaultError(
          'unknown-key',
          `the ${binding.record} record is sealed with key id "${sealed.kid}", which RAMPART_MASTER_KEYS does not contain`,
        );
      }
      const nonce = new Uint8Array(Buffer.from(sealed.nonce, 'base64'));
      const ciphertext = new Uint8Array(Buffer.from(sealed.ciphertext, 'base64'));
      if (nonce.length !== nonceBytes)
        throw new VaultError('undecryptable', `the ${binding.record} record has a malformed nonce`);
      let plain: Uint8Array;
      try {
        plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
          null,
          ciphertext,
          associatedData(binding, sealed.kid),
          nonce,
          master.key,
        );
      } catch {
        throw new VaultError(
          'undecryptable',
          `the ${binding.record} record does not decrypt with key id "${sealed.kid}": it was altered, moved from another record, or sealed with a different key under that id`,
        );
      }
      const text = new TextDecoder().decode(plain);
      sodium.memzero(plain);
      return text;
    },
  };
}
