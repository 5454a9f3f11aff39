import { createHash } from 'node:crypto';
import { parseKeyRing } from '../../../src/config/key-ring.js';
import { createVault, VaultError } from '../../../src/vault/vault.js';

/** A random-looking key per seed, stable across runs (patterned keys are refused by parseKeyRing). */
const key = (seed: number) => createHash('sha256').update(`key ${seed}`).digest('base64');
const alice = { accountId: 'acc_alice', record: 'github-pat' };
const secret = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';

describe('vault (XChaCha20-Poly1305 IETF)', () => {
  test('round trip, with a fresh nonce every time', async () => {
    const vault = await createVault(parseKeyRing(`k1:${key(1)}`));
    const a = vault.seal(secret, alice);
    const b = vault.seal(secret, alice);
    expect(vault.open(a, alice)).toBe(secret);
    expect(a.kid).toBe('k1');
    expect(Buffer.from(a.nonce, 'base64')).toHaveLength(24);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext).not.toContain(secret);
    expect(Buffer.from(a.ciphertext, 'base64').toString('latin1')).not.toContain(secret.slice(4));
  });

  test('the associated data binds the ciphertext to its account, record and key id', async () => {
    const vault = await createVault(parseKeyRing(`k1:${key(1)},k2:${key(2)}`));
    const sealed = vault.seal(secret, alice);
    expect(() => vault.open(sealed, { accountId: 'acc_bob', record: 'github-pat' })).toThrow(VaultError);
    expect(() => vault.open(sealed, { accountId: 'acc_alice', record: 'other' })).toThrow(/does not decrypt/);
    // Relabelled to another key id: both keys exist, neither opens it.
    expect(() => vault.open({ ...sealed, kid: 'k2' }, alice)).toThrow(/does not decrypt/);
  });

  test('a tampered ciphertext or nonce fails cleanly', async () => {
    const vault = await createVault(parseKeyRing(`k1:${key(1)}`));
    const sealed = vault.seal(secret, alice);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[3] = (bytes[3] ?? 0) ^ 1;
    let error: unknown;
    try {
      vault.open({ ...sealed, ciphertext: bytes.toString('base64') }, alice);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).reason).toBe('undecryptable');
    expect((error as Error).message).not.toContain(secret);
    expect(() => vault.open({ ...sealed, nonce: Buffer.alloc(12).toString('base64') }, alice)).toThrow(
      /malformed nonce/,
    );
  });

  test('older keys still decrypt; unknown key ids are named', async () => {
    const old = await createVault(parseKeyRing(`k1:${key(1)}`));
    const sealed = old.seal(secret, alice);
    const rotated = await createVault(parseKeyRing(`k2:${key(2)},k1:${key(1)}`));
    expect(rotated.open(sealed, alice)).toBe(secret);
    expect(rotated.seal(secret, alice).kid).toBe('k2');
    const without = await createVault(parseKeyRing(`k2:${key(2)}`));
    expect(() => without.open(sealed, alice)).toThrow(/key id "k1", which RAMPART_MASTER_KEYS does not contain/);
  });

  test('the same key bytes under the same id but a different key fail', async () => {
    const sealed = (await createVault(parseKeyRing(`k1:${key(1)}`))).seal(secret, alice);
    const wrong = await createVault(parseKeyRing(`k1:${key(9)}`));
    expect(() => wrong.open(sealed, alice)).toThrow(VaultError);
  });
});
