import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { ApiErrorCode } from '../errors/api-error-codes.js';
import { API_SCOPES, isApiScope, normalizeScopes, type ApiScope } from '../store/api-scopes.js';
import type { AuditActor } from '../store/audit-store.js';
import { hashToken } from '../store/hash-token.js';
import { iso } from '../store/store-context.js';
import type { Store } from '../store/store.js';
import { authenticateToken } from './authenticate-token.js';
import { ACCESS_TOKEN_PREFIX, API_TOKEN_PREFIX, mintRampartToken } from './token-format.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface TokenExchangeRequest {
  grant_type: string;
  subject_token?: string | undefined;
  subject_token_type?: string | undefined;
  requested_token_type?: string | undefined;
  scope?: string | undefined;
  actor_token?: string | undefined;
}

export interface TokenExchangeResponse {
  access_token: string;
  issued_token_type: typeof ACCESS_TOKEN_TYPE;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

const invalid = (
  code: Extract<ApiErrorCode, 'invalid_request' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type'>,
  message: string,
) => new AppError(400, code, message, { 'cache-control': 'no-store' });

/**
 * RFC 8693 token exchange: an API token (the subject) for a short-lived access token with the same
 * or fewer scopes. Error codes follow RFC 6749 §5.2 (invalid_request, invalid_grant, invalid_scope,
 * unsupported_grant_type) inside Rampart's usual error body.
 */
export interface TokenExchangeDeps {
  store: Store;
  clock: Clock;
  /** The subject's account shares one rate limit with the rest of its tokens. */
  limitAccount?: (accountId: string) => Promise<void>;
}

export async function exchangeToken(
  deps: TokenExchangeDeps,
  req: TokenExchangeRequest,
  ip: string | undefined,
): Promise<TokenExchangeResponse> {
  if (req.grant_type !== TOKEN_EXCHANGE_GRANT) {
    throw invalid(
      'unsupported_grant_type',
      `grant_type must be ${TOKEN_EXCHANGE_GRANT}; it is the only grant this endpoint supports.`,
    );
  }
  if (!req.subject_token)
    throw invalid('invalid_request', 'subject_token is required: the Rampart API token (rpat_…) to exchange.');
  if (req.subject_token_type !== ACCESS_TOKEN_TYPE)
    throw invalid('invalid_request', `subject_token_type must be ${ACCESS_TOKEN_TYPE}.`);
  if (req.requested_token_type !== undefined && req.requested_token_type !== ACCESS_TOKEN_TYPE) {
    throw invalid('invalid_request', `requested_token_type can only be ${ACCESS_TOKEN_TYPE}.`);
  }
  if (req.actor_token !== undefined) throw invalid('invalid_request', 'Delegation (actor_token) is not supported.');
  if (!req.subject_token.startsWith(API_TOKEN_PREFIX)) {
    throw invalid(
      'invalid_grant',
      'subject_token must be a Rampart API token (rpat_…); access tokens cannot be exchanged again.',
    );
  }
  const check = await authenticateToken(deps, req.subject_token);
  if (!check.ok) throw invalid('invalid_grant', check.message);
  const subject = check.principal;
  await deps.limitAccount?.(subject.account.id);

  let scopes: ApiScope[] = normalizeScopes(subject.scopes);
  if (req.scope !== undefined) {
    const requested = req.scope.split(' ').filter(Boolean);
    const unknown = requested.filter((s) => !isApiScope(s));
    if (unknown.length > 0 || requested.length === 0) {
      throw invalid(
        'invalid_scope',
        `Unknown scope(s): ${unknown.join(', ') || '(none given)'}; scopes are ${API_SCOPES.join(', ')}.`,
      );
    }
    const beyond = requested.filter((s) => !subject.scopes.has(s as ApiScope));
    if (beyond.length > 0)
      throw invalid(
        'invalid_scope',
        `The subject token lacks ${beyond.join(', ')}, so the access token cannot have it; ask for its scopes or fewer.`,
      );
    scopes = normalizeScopes(requested as ApiScope[]);
  }

  const now = deps.clock.now();
  // Never outlive the token it came from.
  const subjectEnd = subject.expiresAt ? Date.parse(subject.expiresAt) : Infinity;
  const expiresAt = Math.min(now + ACCESS_TOKEN_TTL_SECONDS * 1000, subjectEnd);
  const accessToken = mintRampartToken(ACCESS_TOKEN_PREFIX);
  const actor: AuditActor = { via: `api-token:${subject.tokenId}`, ip };
  await deps.store.apiTokens.createAccessToken(
    hashToken(accessToken),
    {
      accountId: subject.account.id,
      parentId: subject.tokenId,
      scopes,
      createdAt: iso(now),
      expiresAt: iso(expiresAt),
    },
    expiresAt - now,
    actor,
    { token_id: subject.tokenId, scopes, expires_at: iso(expiresAt) },
  );
  return {
    access_token: accessToken,
    issued_token_type: ACCESS_TOKEN_TYPE,
    token_type: 'Bearer',
    expires_in: Math.floor((expiresAt - now) / 1000),
    scope: scopes.join(' '),
  };
}
