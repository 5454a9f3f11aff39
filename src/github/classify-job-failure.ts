import { JobFailure } from '../errors/job-failure.js';
import { classifyGitHubError, type ClassifiedGitHubError } from './classify-github-error.js';
import { TreeTooLargeError } from './read-hardening-files.js';

/**
 * What a job that talks to GitHub ends with, as if `attempts` was its last try: a JobFailure the job threw itself, or
 * one made from any other error by classifyGitHubError. `retryable` says whether an earlier attempt should rather be
 * retried; Rampart's own faults get their own codes and sentences, never GitHub's.
 */
export function classifyJobFailure(err: unknown, attempts: number, now: () => number = Date.now): JobFailure {
  if (err instanceof JobFailure) return err.retryable ? exhausted(err, attempts) : err;
  if (err instanceof TreeTooLargeError)
    return new JobFailure({ code: 'repository_too_large', message: err.message, cause: err });
  const c = classifyGitHubError(err, now);
  const asked = (err as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return fromClassified(c, attempts, err, c.retryAfterSeconds ?? (typeof asked === 'number' ? asked : undefined));
}

function fromClassified(
  e: ClassifiedGitHubError,
  attempts: number,
  cause: unknown,
  retryAfterSeconds: number | undefined,
): JobFailure {
  switch (e.kind) {
    case 'rampart-redis':
      return new JobFailure({
        code: 'rampart_redis_unavailable',
        message: `Rampart's own Redis kept failing (${e.message}) after ${attempts} attempts; GitHub was not at fault. Run the repository again once Redis answers.`,
        retryable: true,
        retryAfterSeconds,
        cause,
      });
    case 'rampart-decryption':
      return new JobFailure({
        code: 'pat_unreadable',
        message: `Rampart could not decrypt the saved GitHub PAT (${e.message}); GitHub was not asked. Save the PAT again.`,
        cause,
      });
    case 'credential-revoked':
      return new JobFailure({
        code: 'cancelled',
        message:
          'The GitHub PAT was removed or replaced while this repository was being hardened; it stopped before its next request.',
        cause,
      });
    case 'rampart-bug':
      return new JobFailure({
        code: 'rampart_internal_error',
        message: `Rampart failed internally (${e.message}); GitHub was not at fault. This is a bug in Rampart: please report it.`,
        cause,
      });
    default:
      return e.transient
        ? new JobFailure({
            code: 'github_unavailable',
            message: githubKeptFailing(e.message, attempts),
            retryable: true,
            retryAfterSeconds,
            cause,
          })
        : new JobFailure({ code: 'github_error', message: `GitHub refused a request: ${e.message}`, cause });
  }
}

const githubKeptFailing = (detail: string, attempts: number) =>
  `GitHub kept failing (${detail}) after ${attempts} attempts; run the repository again later.`;

/** A retryable failure a job threw itself, in the words for when it was the last attempt. */
function exhausted(f: JobFailure, attempts: number): JobFailure {
  const message =
    f.code === 'github_unavailable'
      ? githubKeptFailing(f.message, attempts)
      : `${f.message} (still failing after ${attempts} attempts)`;
  return new JobFailure({ code: f.code, message, retryable: true, retryAfterSeconds: f.retryAfterSeconds, cause: f });
}
