import { z } from 'zod';
import { AppError } from '../errors.js';

const DAY_MS = 24 * 3600 * 1000;
export const EXPIRATION_DAYS = [7, 30, 60, 90] as const;

/** 7, 30, 60 or 90 days; a date (YYYY-MM-DD, ends that day at 23:59:59 UTC) or date-time; or "none". */
export const expirationSchema = z
  .union([z.literal(EXPIRATION_DAYS), z.literal('none'), z.iso.date(), z.iso.datetime({ offset: true })])
  .default(30)
  .meta({
    description:
      'Days (7, 30, 60 or 90), a date (YYYY-MM-DD, expires at 23:59:59 UTC that day), an ISO date-time, or "none" when the operator allows tokens without expiry.',
  });
export type ExpirationInput = z.output<typeof expirationSchema>;

/** Resolves the expiry as epoch ms (null for none), or refuses with what the operator allows. */
export function resolveExpiration(input: ExpirationInput, now: number, maxLifetimeDays: number | null): number | null {
  const allowed =
    maxLifetimeDays === null
      ? 'any expiry, or none'
      : `at most ${maxLifetimeDays} days (RAMPART_API_TOKEN_MAX_LIFETIME_DAYS)`;
  if (input === 'none') {
    if (maxLifetimeDays === null) return null;
    throw new AppError(
      422,
      'expiration_not_allowed',
      `This Rampart allows API tokens to live ${allowed}, so a token without expiry cannot be created.`,
    );
  }
  const expiresAt =
    typeof input === 'number'
      ? now + input * DAY_MS
      : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(input) ? `${input}T23:59:59Z` : input);
  if (Number.isNaN(expiresAt)) throw new AppError(400, 'invalid_request', 'expiration is not a valid date.');
  if (expiresAt <= now)
    throw new AppError(
      422,
      'expiration_in_past',
      `The expiration ${new Date(expiresAt).toISOString()} is not in the future.`,
    );
  // A date means "through that day", so it may end up to a day past the exact limit.
  const slack = typeof input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input) ? DAY_MS : 0;
  if (maxLifetimeDays !== null && expiresAt > now + maxLifetimeDays * DAY_MS + slack) {
    throw new AppError(
      422,
      'expiration_too_long',
      `This Rampart allows API tokens to live ${allowed}; choose a shorter expiration.`,
    );
  }
  return expiresAt;
}
