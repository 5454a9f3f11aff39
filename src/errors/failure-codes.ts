import { z } from 'zod';

/**
 * Every `error.code` a repository of an orchestration run can end with (its result's `error`), snake_case like the
 * API's codes, stable: clients switch on them (docs/error-codes.md says what each means). Jobs throw them as
 * `JobFailure`s; classifyJobFailure turns everything else into one.
 */
export const FAILURE_CODES = [
  // Ended on purpose
  'cancelled',
  // No credential can do the work
  'no_credential',
  'app_insufficient',
  'app_not_configured',
  'app_not_installed',
  'repository_not_in_installation',
  'app_lacks_permissions',
  'user_lacks_access',
  // The repository
  'repository_too_large',
  // GitHub's answers: transient (retried with backoff first) or a refusal
  'github_unavailable',
  'github_error',
  // Rampart's own faults, never GitHub's
  'rampart_redis_unavailable',
  'pat_unreadable',
  'rampart_internal_error',
  'job_failed',
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

export const failureCodeSchema = z
  .enum(FAILURE_CODES)
  .meta({ title: 'FailureCode', description: 'Why a repository failed or was cancelled; see docs/error-codes.md.' });

/** Results stored before the codes were snake_case said e.g. `github-unavailable`; they read as the code they became. */
const storedFailureCode = z.preprocess(
  (code) => (typeof code === 'string' ? code.replaceAll('-', '_') : code),
  failureCodeSchema,
);

/** A repository result's `error`: its code and a sentence for the user. */
export const repositoryErrorSchema = z
  .object({ code: storedFailureCode, message: z.string() })
  .meta({ title: 'RepositoryError' });
export type RepositoryError = z.output<typeof repositoryErrorSchema>;
