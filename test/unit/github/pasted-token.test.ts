import { classifyPastedToken } from '../../../src/github/pasted-token.js';

const classic = `ghp_${'A1b2C3d4E5'.repeat(3)}XyZ789`;
const fine = `github_pat_${'a'.repeat(22)}_${'B'.repeat(59)}`;

describe('classifyPastedToken', () => {
  test('classic and fine-grained PATs are accepted, trimmed', () => {
    expect(classifyPastedToken(` ${classic}\n`)).toEqual({ ok: true, kind: 'classic', token: classic });
    expect(classifyPastedToken(fine)).toEqual({ ok: true, kind: 'fine-grained', token: fine });
  });

  test.each([
    ['gho_', /OAuth app token \(gho_…\)/],
    ['ghu_', /App user-to-server token \(ghu_…\)/],
    ['ghs_', /installation token \(ghs_…\)/],
    ['ghr_', /refresh token \(ghr_…\)/],
    ['rpat_', /Rampart API token/],
  ])('%s tokens are refused, naming what was pasted and what is expected', (prefix, what) => {
    const pasted = `${prefix}${'x'.repeat(36)}`;
    const result = classifyPastedToken(pasted);
    expect(result).toMatchObject({ ok: false, code: 'unsupported_token_kind' });
    if (result.ok) return;
    expect(result.message).toMatch(what);
    expect(result.message).toMatch(/classic \(ghp_…, 40 characters\) or fine-grained \(github_pat_…\)/);
    expect(result.message).not.toContain(pasted);
  });

  test.each([
    ['', /empty/],
    ['ghp_short', /9-character value starting with ghp_.*36 letters and digits/],
    [`ghp_${'a'.repeat(30)}-!${'b'.repeat(4)}`, /containing punctuation/],
    ['github_pat_abc', /14-character value starting with github_pat_/],
    ['hello world', /spaces or line breaks/],
    ['x'.repeat(40), /does not start with ghp_ or github_pat_/],
    ['0123456789abcdef0123456789abcdef01234567', /pre-2021 format/],
  ])('%j is refused as malformed or outdated', (pasted, message) => {
    const result = classifyPastedToken(pasted);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(message);
    if (pasted.length > 4) expect(result.message).not.toContain(pasted);
  });
});
