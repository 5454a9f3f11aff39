import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Account } from '../store/account-store.js';
import { normalizeScopes, type ApiScope } from '../store/api-scopes.js';
import type { ApiTokenRecord } from '../store/api-token-store.js';
import type { AuditActor } from '../store/audit-store.js';
import { hashToken } from '../store/hash-token.js';
import { randomId } from '../store/random-id.js';
import { iso } from '../store/store-context.js';
import type { Store } from '../store/store.js';
import { resolveExpiration, type ExpirationInput } from './token-expiration.js';
import { API_TOKEN_PREFIX, mintRampartToken } from './token-format.js';

export interface TokenServiceDeps {
  store: Store;
  clock: Clock;
  maxLifetimeDays: number | null;
}

export interface NewApiToken {
  name: string;
  scopes: ApiScope[];
  expiration: ExpirationInput;
}

const MAX_ACTIVE_TOKENS = 50;

/** Creates an API token; the plaintext is returned once and exists nowhere else afterwards. */
export async function issueApiToken(
  deps: TokenServiceDeps,
  account: Account,
  input: NewApiToken,
  actor: AuditActor,
): Promise<{ token: string; record: ApiTokenRecord }> {
  const now = deps.clock.now();
  const expiresAt = resolveExpiration(input.expiration, now, deps.maxLifetimeDays);
  const existing = await deps.store.apiTokens.list(account.id);
  if (existing.some((t) => t.name === input.name)) {
    throw new AppError(
      409,
      'token_name_taken',
      `You already have an API token named "${input.name}"; pick another name or revoke that one first.`,
    );
  }
  if (existing.length >= MAX_ACTIVE_TOKENS)
    throw new AppError(
      409,
      'too_many_tokens',
      `An account can hold at most ${MAX_ACTIVE_TOKENS} API tokens; revoke some first.`,
    );
  const token = mintRampartToken(API_TOKEN_PREFIX);
  const record: ApiTokenRecord = {
    id: randomId('tok_', 16),
    accountId: account.id,
    hash: hashToken(token),
    name: input.name,
    scopes: normalizeScopes(input.scopes),
    createdAt: iso(now),
    expiresAt: expiresAt === null ? null : iso(expiresAt),
    lastUsedAt: null,
    revokedAt: null,
  };
  await deps.store.apiTokens.create(record, actor, {
    token_id: record.id,
    name: record.name,
    scopes: record.scopes,
    expires_at: record.expiresAt,
  });
  return { token, record };
}

export async function revokeApiToken(
  deps: TokenServiceDeps,
  account: Account,
  tokenId: string,
  actor: AuditActor,
): Promise<void> {
  const record = await deps.store.apiTokens.get(tokenId);
  // Another account's token id answers exactly like a missing one.
  if (!record || record.accountId !== account.id || record.revokedAt !== null) {
    throw new AppError(404, 'token_not_found', `You have no active API token with id ${tokenId}.`);
  }
  await deps.store.apiTokens.revoke(record, iso(deps.clock.now()), actor);
}
