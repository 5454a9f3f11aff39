import type { FailureCode, RepositoryError } from './failure-codes.js';

/**
 * Why a job cannot finish its repository: a code from FAILURE_CODES, a sentence for the user, and whether trying again
 * later may help. Jobs throw it where they know the reason themselves; classifyJobFailure makes one from anything else.
 */
export class JobFailure extends Error {
  override name = 'JobFailure';
  readonly code: FailureCode;
  /** Worth another attempt (BullMQ backs off); false ends the job at once. */
  readonly retryable: boolean;
  /** How long GitHub asked us to wait before the next attempt. */
  readonly retryAfterSeconds: number | undefined;

  constructor(input: {
    code: FailureCode;
    message: string;
    retryable?: boolean;
    retryAfterSeconds?: number | undefined;
    cause?: unknown;
  }) {
    super(input.message, input.cause === undefined ? undefined : { cause: input.cause });
    this.code = input.code;
    this.retryable = input.retryable ?? false;
    this.retryAfterSeconds = input.retryAfterSeconds;
  }

  /** What the repository's result records. */
  toResult(): RepositoryError {
    return { code: this.code, message: this.message };
  }
}
