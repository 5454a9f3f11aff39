import { JobFailure } from '../../../src/errors/job-failure.js';
import { classifyJobFailure } from '../../../src/github/classify-job-failure.js';
import { CREDENTIAL_STOPPED_HEADER } from '../../../src/github/octokit-factory.js';
import { TreeTooLargeError } from '../../../src/github/read-hardening-files.js';

const httpError = (status: number, message: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(message), { status, response: { data: { message }, headers } });

describe('classifyJobFailure: every failure of a harden job as one JobFailure', () => {
  test('a permanent JobFailure the job threw is kept as it is', () => {
    const thrown = new JobFailure({ code: 'no_credential', message: 'No GitHub PAT is saved.' });
    expect(classifyJobFailure(thrown, 1)).toBe(thrown);
  });

  test('a retryable JobFailure keeps its wait, and says on the last attempt that GitHub kept failing', () => {
    const thrown = new JobFailure({
      code: 'github_unavailable',
      message: 'GitHub did not answer',
      retryable: true,
      retryAfterSeconds: 42,
    });
    const failure = classifyJobFailure(thrown, 5);
    expect(failure).toMatchObject({
      code: 'github_unavailable',
      retryable: true,
      retryAfterSeconds: 42,
      cause: thrown,
    });
    expect(failure.message).toBe(
      'GitHub kept failing (GitHub did not answer) after 5 attempts; run the repository again later.',
    );
  });

  test("a rate limit is retryable and carries GitHub's retry-after", () => {
    const failure = classifyJobFailure(
      httpError(403, 'You have exceeded a secondary rate limit', { 'retry-after': '30' }),
      2,
    );
    expect(failure).toMatchObject({ code: 'github_unavailable', retryable: true, retryAfterSeconds: 30 });
  });

  test('a PAT removed while the job ran ends the repository as cancelled, not as GitHub refusing', () => {
    const stopped = httpError(401, 'Rampart stopped the request', { [CREDENTIAL_STOPPED_HEADER]: '1' });
    expect(classifyJobFailure(stopped, 1)).toMatchObject({
      code: 'cancelled',
      retryable: false,
      message: expect.stringContaining('PAT was removed or replaced'),
    });
  });

  test('a repository too large for one tree request is permanent', () => {
    const failure = classifyJobFailure(
      new TreeTooLargeError('acme/huge has more files than GitHub lists in one tree request'),
      1,
    );
    expect(failure.toResult()).toEqual({
      code: 'repository_too_large',
      message: 'acme/huge has more files than GitHub lists in one tree request',
    });
    expect(failure.retryable).toBe(false);
  });

  test('a 422 is a refusal in GitHub’s words, not retried', () => {
    expect(classifyJobFailure(httpError(422, 'Validation Failed'), 1)).toMatchObject({
      code: 'github_error',
      retryable: false,
      message: 'GitHub refused a request: Validation Failed',
    });
  });
});
