import {
  crc32,
  mintRampartToken,
  RAMPART_TOKEN_PATTERN,
  verifyTokenChecksum,
} from '../../../src/accounts/token-format.js';
import { hashToken } from '../../../src/store/hash-token.js';

describe('Rampart token format', () => {
  test('crc32 matches the standard check values', () => {
    expect(crc32('')).toBe(0);
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });

  test('minted tokens have the prefix, the documented length, and a checksum that verifies offline', () => {
    for (const prefix of ['rpat_', 'rpax_'] as const) {
      const token = mintRampartToken(prefix);
      expect(token).toMatch(new RegExp(`^${prefix}[0-9A-Za-z]{38}$`));
      expect(RAMPART_TOKEN_PATTERN.test(`found in a file: ${token}.`)).toBe(true);
      expect(verifyTokenChecksum(token)).toBe(true);
    }
  });

  test('any single changed character fails the checksum', () => {
    const token = mintRampartToken('rpat_');
    for (let i = 5; i < token.length; i++) {
      const c = token[i] === 'a' ? 'b' : 'a';
      expect(verifyTokenChecksum(token.slice(0, i) + c + token.slice(i + 1))).toBe(false);
    }
  });

  test('wrong prefix, length or characters are refused', () => {
    const token = mintRampartToken('rpat_');
    expect(verifyTokenChecksum(token.replace('rpat_', 'rpxx_'))).toBe(false);
    expect(verifyTokenChecksum(token.slice(0, -1))).toBe(false);
    expect(verifyTokenChecksum(`${token}0`)).toBe(false);
    expect(verifyTokenChecksum(token.replace(/.$/, '-'))).toBe(false);
    expect(verifyTokenChecksum('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')).toBe(false);
  });

  test('tokens are random and hashed, not stored', () => {
    const a = mintRampartToken('rpat_');
    const b = mintRampartToken('rpat_');
    expect(a).not.toBe(b);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a.slice(5, 15));
  });
});
