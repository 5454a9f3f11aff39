import { classifyGitHubError } from '../../../src/github/classify-github-error.js';

const httpError = (status: number, message: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(message), { status, response: { data: { message }, headers } });

describe('classifyGitHubError', () => {
  const now = () => 1_700_000_000_000;

  test('secondary rate limits are transient and honour retry-after', () => {
    const c = classifyGitHubError(httpError(403, 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation.', { 'retry-after': '30' }), now);
    expect(c).toMatchObject({ kind: 'rate-limited', transient: true, retryAfterSeconds: 30 });
  });

  test('a primary limit waits until x-ratelimit-reset', () => {
    const c = classifyGitHubError(httpError(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(1_700_000_000 + 42) }), now);
    expect(c).toMatchObject({ kind: 'rate-limited', transient: true, retryAfterSeconds: 42 });
  });

  test('403 without rate-limit signs is a permission problem, not retried', () => {
    expect(classifyGitHubError(httpError(403, 'Resource not accessible by personal access token'), now)).toMatchObject({ kind: 'forbidden', transient: false, message: 'Resource not accessible by personal access token' });
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
    expect(classifyGitHubError(new TypeError('fetch failed'), now)).toMatchObject({ kind: 'network', transient: true, message: 'fetch failed' });
  });
});
