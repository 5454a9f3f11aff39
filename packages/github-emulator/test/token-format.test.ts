import { base62, crc32, mintToken } from '../src/token-format.js';

// The emulator's own copy of the CRC32-in-base62 checksum of GitHub's token format.
test('crc32 matches the standard check values', () => {
  expect(crc32('')).toBe(0);
  expect(crc32('123456789')).toBe(0xcbf43926);
  expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
});

test('base62 pads to the width and uses 0-9A-Za-z', () => {
  expect(base62(0, 6)).toBe('000000');
  expect(base62(61, 2)).toBe('0z');
  expect(base62(62, 2)).toBe('10');
});

test('minted tokens are 40 characters whose last six are the checksum of the 30 before them', () => {
  for (const prefix of ['ghp_', 'gho_', 'ghs_'] as const) {
    const token = mintToken(prefix);
    expect(token).toMatch(new RegExp(`^${prefix}[0-9A-Za-z]{36}$`));
    expect(token.slice(-6)).toBe(base62(crc32(token.slice(4, 34)), 6));
  }
});
