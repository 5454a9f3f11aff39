import { createHash } from 'node:crypto';
import { KeyRingError, lowEntropy, parseKeyRing } from '../../../src/config/key-ring.js';

/** A random-looking key, the same on every run: the SHA-256 of the seed, cut or repeated to length. */
const bytesOf = (seed: number, bytes = 32) =>
  Buffer.concat([
    createHash('sha256').update(String(seed)).digest(),
    createHash('sha256').update(`${seed}+`).digest(),
  ]).subarray(0, bytes);
const key = (seed: number, bytes = 32) => bytesOf(seed, bytes).toString('base64');

describe('parseKeyRing', () => {
  test('the first key encrypts, all keys decrypt', () => {
    const ring = parseKeyRing(`new:${key(1)}, old:${key(2)}`);
    expect(ring.active.kid).toBe('new');
    expect([...ring.keys.keys()]).toEqual(['new', 'old']);
    expect(Buffer.from(ring.keys.get('old')?.key ?? []).equals(bytesOf(2))).toBe(true);
  });

  test('url-safe base64 is accepted', () => {
    const raw = Buffer.from(bytesOf(5).map((b, i) => (i % 2 === 0 ? 0xfb : b)));
    expect(Buffer.from(parseKeyRing(`k:${raw.toString('base64url')}`).active.key).equals(raw)).toBe(true);
  });

  test.each([
    [undefined, /is not set/],
    ['', /is not set/],
    [`k1:${key(1)},`, /entry 2 is empty/],
    [key(1), /entry 1 has no key id/],
    [`:${key(1)}`, /entry 1 has no key id/],
    [`bad kid:${key(1)}`, /key id must be/],
    [`k1:${key(1)},k1:${key(2)}`, /"k1" appears twice/],
    ['k1:not*base64', /"k1" is not valid base64/],
    [`k1:${key(1, 16)}`, /"k1" is 16 bytes; keys must be exactly 32 bytes/],
    [`k1:${key(1, 33)}`, /"k1" is 33 bytes/],
    ['k1:', /"k1" is not valid base64/],
  ])('%j is refused with a clear message', (text, message) => {
    expect(() => parseKeyRing(text)).toThrow(KeyRingError);
    expect(() => parseKeyRing(text)).toThrow(message);
  });

  test.each([
    ['all one byte', Buffer.alloc(32, 0x41), /"k1" is one byte repeated/],
    ['all zero', Buffer.alloc(32), /"k1" is one byte repeated/],
    ['a 2-byte pattern', Buffer.from('ab'.repeat(16)), /"k1" repeats one 2-byte pattern/],
    ['a 16-byte pattern', Buffer.concat([bytesOf(3, 16), bytesOf(3, 16)]), /"k1" repeats one 16-byte pattern/],
    [
      'a counting sequence',
      Buffer.from(Array.from({ length: 32 }, (_, i) => (250 + i) % 256)),
      /"k1" is a counting sequence/,
    ],
    ['a passphrase', Buffer.from('correct horse battery staple!!!!'), /"k1" has only \d+ different byte values/],
  ])('a key of low entropy (%s) is refused with the command that makes a good one', (_what, raw, message) => {
    const text = `k1:${raw.toString('base64')}`;
    expect(() => parseKeyRing(text)).toThrow(message);
    expect(() => parseKeyRing(text)).toThrow(/openssl rand -base64 32/);
    expect(() => parseKeyRing(text)).not.toThrow(raw.toString('base64'));
  });

  test('random keys pass the entropy check', () => {
    for (let seed = 0; seed < 500; seed++) expect(lowEntropy(bytesOf(seed))).toBeNull();
  });

  test('messages never contain key material', () => {
    const short = key(7, 16);
    try {
      parseKeyRing(`k1:${short}`);
      throw new Error('expected a refusal');
    } catch (err) {
      expect((err as Error).message).not.toContain(short);
    }
  });
});
