import { z } from 'zod';

/**
 * Every `error.code` the HTTP API answers with, snake_case, stable: clients switch on them (docs/error-codes.md says
 * what each means). `AppError` accepts nothing else, and the OpenAPI `Error` schema lists exactly these.
 */
export const API_ERROR_CODES = [
  // The request itself
  'invalid_request',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'rate_limited',
  'too_many_waiting',
  // Who is asking
  'unauthenticated',
  'invalid_token',
  'token_expired',
  'token_revoked',
  'insufficient_scope',
  'csrf_failed',
  'access_token_cannot_create',
  'signin_unavailable',
  'oauth_denied',
  'oauth_failed',
  'oauth_state_invalid',
  'signin_not_allowed',
  'account_suspended',
  'invalid_signature',
  'invalid_webhook',
  // The token exchange, in RFC 6749 §5.2's words (invalid_request too)
  'invalid_grant',
  'invalid_scope',
  'unsupported_grant_type',
  // Accounts and API tokens
  'invalid_email',
  'invalid_login',
  'invalid_token_name',
  'unknown_github_login',
  'account_conflict',
  'account_exists',
  'account_not_bound',
  'token_not_found',
  'token_name_taken',
  'too_many_tokens',
  'expiration_in_past',
  'expiration_not_allowed',
  'expiration_too_long',
  // The GitHub PAT
  'pat_not_found',
  'pat_missing_scopes',
  'pat_wrong_user',
  'pat_removed',
  'pat_unreadable',
  'malformed_token',
  'unsupported_token_kind',
  // GitHub's answers
  'github_rejected_token',
  'github_forbidden',
  'github_rate_limited',
  'github_unavailable',
  // Rampart's own faults, never GitHub's
  'unavailable',
  'internal',
  'rampart_redis_unavailable',
  'rampart_internal_error',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const apiErrorCodeSchema = z
  .enum(API_ERROR_CODES)
  .meta({ title: 'ApiErrorCode', description: 'A stable code to switch on; see docs/error-codes.md.' });

/** The body of every error answer. */
export const apiErrorSchema = z
  .object({ error: z.object({ code: apiErrorCodeSchema, message: z.string() }) })
  .meta({ title: 'Error', description: 'Every error: a stable code and a sentence for people.' });
export type ApiErrorBody = z.output<typeof apiErrorSchema>;
