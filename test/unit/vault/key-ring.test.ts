import { KeyRingError, parseKeyRing } from '../../../src/vault/key-ring.js';

const key = (byte: number, bytes = 32) => Buffer.alloc(bytes, byte).toString('base64');

describe('parseKeyRing', () => {
  test('the first key encrypts, all keys decrypt', () => {
    const ring = parseKeyRing(`new:${key(1)}, old:${key(2)}`);
    expect(ring.active.kid).toBe('new');
    expect([...ring.keys.keys()]).toEqual(['new', 'old']);
    expect(Buffer.from(ring.keys.get('old')?.key ?? []).equals(Buffer.alloc(32, 2))).toBe(true);
  });

  test('url-safe base64 is accepted', () => {
    const raw = Buffer.alloc(32, 0xfb);
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
