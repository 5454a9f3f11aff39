import { AppError } from '../errors.js';
import type { ClassifiedGitHubError } from '../github/classify-github-error.js';

/** Turns a GitHub failure that ends the request into what the Rampart API answers (a job's: classifyJobFailure). */
export function githubFailure(e: ClassifiedGitHubError, what: string): AppError {
  switch (e.kind) {
    case 'unauthorized':
      return new AppError(
        422,
        'github_rejected_token',
        `GitHub does not accept ${what} (401 ${e.message}): it expired, was revoked, or was mistyped.`,
      );
    case 'credential-revoked':
      return new AppError(
        409,
        'pat_removed',
        'The GitHub PAT was removed or replaced while this request was running; nothing more was sent with it.',
      );
    case 'rate-limited':
      return new AppError(
        503,
        'github_rate_limited',
        `GitHub is rate-limiting ${what}; try again in ${e.retryAfterSeconds ?? 60} seconds.`,
        {
          'retry-after': String(e.retryAfterSeconds ?? 60),
        },
      );
    case 'forbidden':
      return new AppError(422, 'github_forbidden', `GitHub refused ${what} (403 ${e.message}).`);
    case 'network':
      return new AppError(502, 'github_unavailable', `Rampart could not reach GitHub (${e.message}).`);
    case 'rampart-redis':
      return new AppError(
        503,
        'rampart_redis_unavailable',
        `Rampart's own Redis failed, not GitHub (${e.message}); try again shortly.`,
        { 'retry-after': '5' },
      );
    case 'rampart-decryption':
      return new AppError(
        409,
        'pat_unreadable',
        `Rampart could not decrypt the saved GitHub PAT (${e.message}). Save the PAT again.`,
      );
    case 'rampart-bug':
      return new AppError(500, 'rampart_internal_error', `Rampart failed internally, not GitHub (${e.message}).`);
    default:
      return new AppError(502, 'github_unavailable', `GitHub answered ${e.status ?? 'nothing'} (${e.message}).`);
  }
}
