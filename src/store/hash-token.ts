import { createHash } from 'node:crypto';

/** Tokens are stored only as this digest; 190 random bits make a slow hash unnecessary. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
