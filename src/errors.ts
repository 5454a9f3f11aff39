import type { ApiErrorCode } from './errors/api-error-codes.js';

/**
 * An error meant for the person who caused it: an HTTP status, a stable machine code (one of API_ERROR_CODES) and a
 * sentence. Messages never contain secrets; the API sends them as {"error":{"code","message"}}.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Rampart's own Redis failed while doing `what`; GitHub had no part in it (see classifyGitHubError: `rampart-redis`). */
export class RedisFailure extends Error {
  override name = 'RedisFailure';
  constructor(
    readonly what: string,
    override readonly cause: unknown,
  ) {
    super(`Redis failed while ${what}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
