import { Redis, ReplyError } from 'ioredis';
import { githubFailure } from '../../../src/credentials/github-failure.js';
import { AppError, RedisFailure } from '../../../src/errors.js';
import { classifyGitHubError } from '../../../src/github/classify-github-error.js';
import { classifyJobFailure } from '../../../src/github/classify-job-failure.js';
import { createOctokit } from '../../../src/github/octokit-factory.js';
import { freePort } from '../../../src/store/redis-probe.js';
import { VaultError } from '../../../src/vault/vault.js';

const httpError = (status: number, message: string) =>
  Object.assign(new Error(message), { status, response: { data: { message }, headers: {} } });

describe("Rampart's own failures are told apart from GitHub's", () => {
  test.each([
    ['a Lua error of the Redis server', new ReplyError('ERR UNKNOWN_CLIENT')],
    ['a RedisFailure from the pacing', new RedisFailure('pacing GitHub requests', new Error('Connection is closed.'))],
  ])('%s is rampart-redis: transient, Rampart’s, never "GitHub"', (_what, err) => {
    const c = classifyGitHubError(err);
    expect(c).toMatchObject({ kind: 'rampart-redis', origin: 'rampart', transient: true });
    const failure = classifyJobFailure(err, 5);
    expect(failure).toMatchObject({ code: 'rampart_redis_unavailable', retryable: true });
    expect(failure.message).toMatch(
      /^Rampart's own Redis kept failing \(.+\) after 5 attempts; GitHub was not at fault/,
    );
    expect(githubFailure(c, 'the PAT')).toMatchObject({ status: 503, code: 'rampart_redis_unavailable' });
  });

  test('a Redis error raised inside a request (the PAT check) and wrapped by Octokit as a 500 is still rampart-redis', async () => {
    const client = createOctokit({
      baseUrl: 'http://127.0.0.1:9',
      token: 'ghp_' + 'x'.repeat(36),
      retries: 0,
      isCredentialCurrent: () => Promise.reject(new Error('Connection is closed.')),
    });
    const err = await client.request('GET /user').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 500 });
    expect(classifyGitHubError(err)).toMatchObject({
      kind: 'rampart-redis',
      origin: 'rampart',
      transient: true,
      message: 'Redis failed: Connection is closed.',
    });
  });

  test('a real ioredis failure (nothing listens on the port) is rampart-redis', async () => {
    const redis = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    redis.on('error', () => undefined);
    const err = await redis.ping().catch((e: unknown) => e);
    redis.disconnect();
    expect(err).toBeInstanceOf(Error);
    expect(classifyGitHubError(err)).toMatchObject({ kind: 'rampart-redis', transient: true });
  });

  test.each([
    ['a VaultError', new VaultError('undecryptable', 'the PAT of acc_1 does not decrypt with key k1')],
    ["pat-client's AppError", new AppError(409, 'pat_unreadable', 'The saved GitHub PAT cannot be decrypted.')],
  ])('%s is rampart-decryption: not retried, and says GitHub was not asked', (_what, err) => {
    const c = classifyGitHubError(err);
    expect(c).toMatchObject({ kind: 'rampart-decryption', origin: 'rampart', transient: false, message: err.message });
    expect(classifyJobFailure(err, 1).toResult()).toEqual({
      code: 'pat_unreadable',
      message: expect.stringContaining('GitHub was not asked'),
    });
    expect(classifyJobFailure(err, 1).retryable).toBe(false);
  });

  test('an error no GitHub request raised is a bug in Rampart, not retried', () => {
    let err: unknown;
    try {
      (undefined as unknown as () => void)();
    } catch (e) {
      err = e;
    }
    const c = classifyGitHubError(err);
    expect(c).toMatchObject({
      kind: 'rampart-bug',
      origin: 'rampart',
      transient: false,
      message: expect.stringMatching(/^TypeError: /),
    });
    expect(classifyJobFailure(err, 1)).toMatchObject({
      code: 'rampart_internal_error',
      retryable: false,
      message: expect.stringMatching(/^Rampart failed internally \(TypeError: .*\); GitHub was not at fault/),
    });
    expect(githubFailure(c, 'the PAT')).toMatchObject({ status: 500, code: 'rampart_internal_error' });
  });

  test("GitHub's own failures keep GitHub's codes and words", () => {
    const c = classifyGitHubError(httpError(502, 'Server Error'));
    expect(c).toMatchObject({ kind: 'server', origin: 'github', transient: true });
    const failure = classifyJobFailure(httpError(502, 'Server Error'), 5);
    expect(failure).toMatchObject({ retryable: true });
    expect(failure.toResult()).toEqual({
      code: 'github_unavailable',
      message: 'GitHub kept failing (Server Error) after 5 attempts; run the repository again later.',
    });
    const network = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 140.82.112.6:443'), { code: 'ECONNREFUSED' }),
    });
    expect(classifyGitHubError(network)).toMatchObject({ kind: 'network', origin: 'github', transient: true });
    expect(classifyJobFailure(httpError(404, 'Not Found'), 1).toResult()).toEqual({
      code: 'github_error',
      message: 'GitHub refused a request: Not Found',
    });
  });
});
