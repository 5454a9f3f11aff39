import { classifyGitHubError } from '../../../src/github/classify-github-error.js';

const httpError = (status: number, message: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(message), { status, response: { data: { message }, headers } });

describe('classifyGitHubError', () => {
  const now = () => 1_700_000_000_000;

  test('secondary rate limits are transient and honour retry-after', () => {
    const c = classifyGitHubError(
      httpError(
        403,
        'You have exceeded a secondary rate limit and have been temporarily blocked from content creation.',
        { 'retry-after': '30' },
      ),
      now,
    );
    expect(c).toMatchObject({ kind: 'rate-limited', transient: true, retryAfterSeconds: 30 });
  });

  test('a primary limit waits until x-ratelimit-reset', () => {
    const c = classifyGitHubError(
      httpError(403, 'API rate limit exceeded', {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(1_700_000_000 + 42),
      }),
      now,
    );
    expect(c).toMatchObject({ kind: 'rate-limited', transient: true, retryAfterSeconds: 42 });
  });

  test('403 without rate-limit signs is a permission problem, not retried', () => {
    expect(classifyGitHubError(httpError(403, 'Resource not accessible by personal access token'), now)).toMatchObject({
      kind: 'forbidden',
      transient: false,
      message: 'Resource not accessible by personal access token',
    });
  });

  test.each([
    [401, 'unauthorized', false],
    [404, 'not-found', false],
    [422, 'validation', false],
    [502, 'server', true],
    [503, 'server', true],
  ] as const)('%i is %s', (status, kind, transient) => {
    expect(classifyGitHubError(httpError(status, 'x'), now)).toMatchObject({ kind, transient, status });
  });

  test('a failure without a status is a network fault, retried', () => {
    expect(classifyGitHubError(new TypeError('fetch failed'), now)).toMatchObject({
      kind: 'network',
      transient: true,
      message: 'fetch failed',
    });
  });
});

describe('signed commits (createCommitOnBranch)', () => {
  test('a GraphQL mutation is content creation; a query and token minting are not', async () => {
    const { isContentCreating } = await import('../../../src/github/octokit-factory.js');
    const body = (query: string) => JSON.stringify({ query, variables: {} });
    expect(
      isContentCreating('POST', 'https://api.github.com/graphql', body('\n  mutation RampartCommit($input: X!) { a }')),
    ).toBe(true);
    expect(isContentCreating('POST', 'https://api.github.com/graphql', body('query { viewer { login } }'))).toBe(false);
    expect(isContentCreating('POST', 'https://api.github.com/graphql', 'not json')).toBe(false);
    expect(isContentCreating('POST', 'https://api.github.com/app/installations/1/access_tokens')).toBe(false);
    expect(isContentCreating('POST', 'https://api.github.com/repos/o/r/git/refs')).toBe(true);
    expect(isContentCreating('GET', 'https://api.github.com/repos/o/r')).toBe(false);
  });

  test('a stale expectedHeadOid is a conflict worth retrying (the branch moved)', () => {
    const err = Object.assign(new Error('Expected branch to point to "abc" but it did not. Pull and try again.'), {
      name: 'GraphqlResponseError',
      errors: [
        { type: 'STALE_DATA', message: 'Expected branch to point to "abc" but it did not. Pull and try again.' },
      ],
    });
    expect(classifyGitHubError(err)).toMatchObject({ kind: 'conflict', transient: true, origin: 'github' });
  });
});
