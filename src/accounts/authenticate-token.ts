import type { Clock } from '../clock.js';
import type { Account } from '../store/account-store.js';
import type { ApiScope } from '../store/api-scopes.js';
import { hashToken } from '../store/hash-token.js';
import { iso } from '../store/store-context.js';
import type { Store } from '../store/store.js';
import { ACCESS_TOKEN_PREFIX, API_TOKEN_PREFIX, verifyTokenChecksum } from './token-format.js';

export interface TokenPrincipal {
  account: Account;
  scopes: ReadonlySet<ApiScope>;
  via: 'api-token' | 'access-token';
  /** The API token's id; for access tokens, the API token they were exchanged from. */
  tokenId: string;
  expiresAt: string | null;
}

export type TokenCheck =
  | { ok: true; principal: TokenPrincipal }
  | { ok: false; code: 'invalid_token' | 'token_expired' | 'token_revoked'; message: string };

const fail = (code: 'invalid_token' | 'token_expired' | 'token_revoked', message: string): TokenCheck => ({
  ok: false,
  code,
  message,
});

/** Says what a bearer value is and whether it may be used, in words its holder can act on. */
export async function authenticateToken(deps: { store: Store; clock: Clock }, token: string): Promise<TokenCheck> {
  const isRampart = token.startsWith(API_TOKEN_PREFIX) || token.startsWith(ACCESS_TOKEN_PREFIX);
  if (!isRampart) {
    if (/^(gh[pousr]_|github_pat_)/.test(token)) {
      return fail(
        'invalid_token',
        'That is a GitHub token. Authenticate to Rampart with a Rampart API token (rpat_…) or an access token exchanged from one (rpax_…).',
      );
    }
    return fail('invalid_token', 'Rampart API tokens start with rpat_ (or rpax_ for exchanged access tokens).');
  }
  if (!verifyTokenChecksum(token))
    return fail(
      'invalid_token',
      'This is not a valid Rampart token: its checksum does not match, so it was mistyped or cut short.',
    );
  return token.startsWith(API_TOKEN_PREFIX) ? apiToken(deps, token) : accessToken(deps, token);
}

async function apiToken(deps: { store: Store; clock: Clock }, token: string): Promise<TokenCheck> {
  const now = deps.clock.now();
  const record = await deps.store.apiTokens.findByHash(hashToken(token));
  if (!record)
    return fail(
      'invalid_token',
      'This API token is unknown: it was never issued here, or was revoked or expired long ago.',
    );
  if (record.revokedAt)
    return fail('token_revoked', `This API token ("${record.name}") was revoked at ${record.revokedAt}.`);
  if (record.expiresAt && Date.parse(record.expiresAt) <= now) {
    return fail('token_expired', `This API token ("${record.name}") expired at ${record.expiresAt}; create a new one.`);
  }
  const account = await deps.store.accounts.get(record.accountId);
  if (!account) return fail('invalid_token', 'The account this API token belonged to no longer exists.');
  await deps.store.apiTokens.touch(record.id, iso(now));
  return {
    ok: true,
    principal: {
      account,
      scopes: new Set(record.scopes),
      via: 'api-token',
      tokenId: record.id,
      expiresAt: record.expiresAt,
    },
  };
}

async function accessToken(deps: { store: Store; clock: Clock }, token: string): Promise<TokenCheck> {
  const now = deps.clock.now();
  const record = await deps.store.apiTokens.findAccessToken(hashToken(token));
  if (!record)
    return fail(
      'invalid_token',
      'This access token is unknown or expired long ago; exchange your API token again at POST /api/v1/oauth/token.',
    );
  if (Date.parse(record.expiresAt) <= now) {
    return fail(
      'token_expired',
      `This access token expired at ${record.expiresAt}; exchange your API token again at POST /api/v1/oauth/token.`,
    );
  }
  // Revoking or expiring the API token ends every access token exchanged from it.
  const parent = await deps.store.apiTokens.get(record.parentId);
  if (!parent || parent.revokedAt) {
    return fail(
      'token_revoked',
      `The API token this access token was exchanged from was revoked${parent?.revokedAt ? ` at ${parent.revokedAt}` : ''}.`,
    );
  }
  if (parent.expiresAt && Date.parse(parent.expiresAt) <= now)
    return fail('token_expired', `The API token this access token was exchanged from expired at ${parent.expiresAt}.`);
  const account = await deps.store.accounts.get(record.accountId);
  if (!account) return fail('invalid_token', 'The account this access token belonged to no longer exists.');
  await deps.store.apiTokens.touch(parent.id, iso(now));
  return {
    ok: true,
    principal: {
      account,
      scopes: new Set(record.scopes),
      via: 'access-token',
      tokenId: parent.id,
      expiresAt: record.expiresAt,
    },
  };
}
