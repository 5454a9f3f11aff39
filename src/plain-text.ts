import type { z } from 'zod';

/**
 * Characters that make text say something other than what it shows: C0/C1 controls (line breaks, escapes), the Unicode
 * line and paragraph separators, and the bidi controls that reorder what follows (Trojan Source, CVE-2021-42574).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/** What is wrong with `text` in words, or null when it is plain one-line text. */
export function unsafeCharacterProblem(text: string): string | null {
  const found = UNSAFE.exec(text)?.[0];
  if (found === undefined) return null;
  const code = `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (found === '\n' || found === '\r' || found === '\u2028' || found === '\u2029')
    return `must be one line (it contains a line break, ${code})`;
  if (/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(found))
    return `must not contain bidirectional control characters (it contains ${code})`;
  return `must not contain control characters (it contains ${code})`;
}

/** The schema, refusing control, line-break and bidi characters with a message that names the character. */
export function plainText<T extends z.ZodString>(schema: T): T {
  return schema.superRefine((text, ctx) => {
    const problem = unsafeCharacterProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** For text Rampart does not choose but keeps and shows (a GitHub profile name): the same characters removed. */
export function stripUnsafeCharacters(text: string): string {
  return text.replace(UNSAFE_ALL, '');
}
