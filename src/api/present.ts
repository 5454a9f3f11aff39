import type { z } from 'zod';
import type { Account } from '../store/account-store.js';
import type { ApiTokenRecord } from '../store/api-token-store.js';
import type { apiTokenSchema, userSchema } from './schemas.js';

/** Records as the API shows them: snake_case, and only what the schemas declare. */
export function presentUser(account: Account): z.input<typeof userSchema> {
  return {
    id: account.id,
    github_login: account.githubLogin,
    github_id: account.githubId,
    email: account.email,
    name: account.name,
    created_at: account.createdAt,
  };
}

export function presentApiToken(record: ApiTokenRecord, now: number): z.input<typeof apiTokenSchema> {
  return {
    id: record.id,
    name: record.name,
    scopes: record.scopes,
    created_at: record.createdAt,
    expires_at: record.expiresAt,
    last_used_at: record.lastUsedAt,
    expired: record.expiresAt !== null && Date.parse(record.expiresAt) <= now,
  };
}
