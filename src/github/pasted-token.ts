export type PatKind = 'classic' | 'fine-grained';

export type PastedToken =
  | { ok: true; kind: PatKind; token: string }
  | { ok: false; code: 'unsupported_token_kind' | 'malformed_token'; message: string };

const EXPECTED =
  'Rampart needs a personal access token: classic (ghp_…, 40 characters) or fine-grained (github_pat_…).';

// docs/github-behaviour.md#token-formats: the prefixes GitHub uses, and what each kind is.
const OTHER_KINDS: Array<[prefix: string, what: string]> = [
  ['gho_', 'a GitHub OAuth app token (gho_…)'],
  ['ghu_', 'a GitHub App user-to-server token (ghu_…)'],
  ['ghs_', 'a GitHub App installation token (ghs_…)'],
  ['ghr_', 'a GitHub App refresh token (ghr_…)'],
  ['rpat_', 'a Rampart API token (rpat_…), not a GitHub token'],
  ['rpax_', 'a Rampart access token (rpax_…), not a GitHub token'],
];

/** GitHub allows up to 255 characters (docs/github-behaviour.md#token-formats); today's classic tokens are 40, fine-grained 93. */
const CLASSIC = /^ghp_[A-Za-z0-9]{36,251}$/;
const FINE_GRAINED = /^github_pat_[A-Za-z0-9_]{22,244}$/;

/**
 * Sorts what a user pasted into a PAT kind, or a refusal that says what was pasted and what is expected.
 * The messages describe the value (kind, length, stray characters) and never repeat it.
 */
export function classifyPastedToken(pasted: string): PastedToken {
  // Copying from a terminal or password manager often brings a trailing newline or surrounding spaces.
  const token = pasted.trim();
  if (token === '') return { ok: false, code: 'malformed_token', message: `The token is empty. ${EXPECTED}` };
  for (const [prefix, what] of OTHER_KINDS) {
    if (token.startsWith(prefix))
      return { ok: false, code: 'unsupported_token_kind', message: `You pasted ${what}. ${EXPECTED}` };
  }
  if (/^[0-9a-f]{40}$/.test(token)) {
    return {
      ok: false,
      code: 'unsupported_token_kind',
      message: `You pasted a 40-character hexadecimal token in GitHub's pre-2021 format. ${EXPECTED} Generate a new token on GitHub to get one.`,
    };
  }
  const problem = (what: string, shape: string) => ({
    ok: false as const,
    code: 'malformed_token' as const,
    message: `You pasted ${what}, but ${shape}. ${EXPECTED}`,
  });
  if (token.startsWith('ghp_')) {
    if (CLASSIC.test(token)) return { ok: true, kind: 'classic', token };
    return problem(
      `a ${token.length}-character value starting with ghp_${describeCharacters(token.slice(4), /[A-Za-z0-9]/)}`,
      'a classic PAT is ghp_ followed by 36 letters and digits',
    );
  }
  if (token.startsWith('github_pat_')) {
    if (FINE_GRAINED.test(token)) return { ok: true, kind: 'fine-grained', token };
    return problem(
      `a ${token.length}-character value starting with github_pat_${describeCharacters(token.slice(11), /[A-Za-z0-9_]/)}`,
      'a fine-grained PAT is github_pat_ followed by letters, digits and underscores (93 characters in all)',
    );
  }
  if (/\s/.test(token)) return problem('text containing spaces or line breaks', 'a token is a single word');
  return problem(
    `a ${token.length}-character value that does not start with ghp_ or github_pat_`,
    'GitHub personal access tokens start with one of those',
  );
}

function describeCharacters(rest: string, allowed: RegExp): string {
  const bad = [...rest].filter((c) => !allowed.test(c));
  if (bad.length === 0) return '';
  const kinds = new Set(bad.map((c) => (/\s/.test(c) ? 'spaces or line breaks' : 'punctuation or other characters')));
  return ` and containing ${[...kinds].join(' and ')}`;
}

/** The last four characters, shown so users can tell their tokens apart. */
export function lastFour(token: string): string {
  return token.slice(-4);
}
