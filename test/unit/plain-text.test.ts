import { z } from 'zod';
import { plainText, stripUnsafeCharacters, unsafeCharacterProblem } from '../../src/plain-text.js';

describe('plain text', () => {
  test.each([
    ['a\nb', 'must be one line (it contains a line break, U+000A)'],
    ['a\u2028b', 'must be one line (it contains a line break, U+2028)'],
    ['a\u202Eb', 'must not contain bidirectional control characters (it contains U+202E)'],
    ['a\u061Cb', 'must not contain bidirectional control characters (it contains U+061C)'],
    ['a\u0085b', 'must not contain control characters (it contains U+0085)'],
    ['a\u007Fb', 'must not contain control characters (it contains U+007F)'],
  ])('%j: %s', (text, problem) => {
    expect(unsafeCharacterProblem(text)).toBe(problem);
    expect(plainText(z.string()).safeParse(text).error?.issues[0]?.message).toBe(problem);
  });

  test('letters of every script, emoji and joiners pass', () => {
    for (const text of ['Härden', 'סקריפטים', 'تحصين', '漢字', '👩‍💻 CI', 'a\u200Db'])
      expect(unsafeCharacterProblem(text)).toBeNull();
    expect(plainText(z.string().max(3)).safeParse('abcd').success).toBe(false);
  });

  test('stripping removes exactly the refused characters', () => {
    expect(stripUnsafeCharacters('Eve\u202Egnp.exe\u0007\n שלום')).toBe('Evegnp.exe שלום');
  });
});
