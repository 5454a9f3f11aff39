import { z } from 'zod';
import { AppError } from '../errors.js';
import type { GitHubUser } from '../github/github-schemas.js';
import { unsafeCharacterProblem } from '../plain-text.js';
import type { Account } from '../store/account-store.js';
import { API_SCOPES } from '../store/api-scopes.js';
import type { AuditActor } from '../store/audit-store.js';
import { issueApiToken, type TokenServiceDeps } from './api-tokens.js';
import type { GitHubUserLookup } from './github-user-lookup.js';
import { EXPIRATION_DAYS, type ExpirationInput } from './token-expiration.js';

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const EMAIL = z.email().max(320);

export interface CreateUserInput {
  login: string;
  email: string;
  tokenName?: string;
  /** The GitHub user id, when the operator knows it; otherwise `lookupGithubUser` finds it. */
  githubId?: number;
}

/**
 * `rampart admin create-user`: an account for a GitHub user, and its first API token (all scopes). The account is
 * bound to the GitHub user id now (given, or looked up by login), so a login renamed and reclaimed later means
 * nothing to it. Without either the account stays unbound until its token saves the owner's PAT.
 */
export async function createUserWithToken(
  deps: TokenServiceDeps & { lookupGithubUser?: GitHubUserLookup },
  input: CreateUserInput,
): Promise<{ account: Account; token: string; tokenId: string; expiresAt: string | null }> {
  if (!LOGIN.test(input.login))
    throw new AppError(
      400,
      'invalid_login',
      `"${input.login}" is not a GitHub login (letters, digits and single hyphens, at most 39 characters).`,
    );
  if (!EMAIL.safeParse(input.email).success)
    throw new AppError(400, 'invalid_email', 'The email is not an email address (one line, no control characters).');
  if (input.tokenName !== undefined && (input.tokenName.trim() === '' || unsafeCharacterProblem(input.tokenName))) {
    throw new AppError(
      400,
      'invalid_token_name',
      `The token name ${unsafeCharacterProblem(input.tokenName) ?? 'must not be empty'}.`,
    );
  }
  let identity: { githubId: number | null; login: string } = { githubId: input.githubId ?? null, login: input.login };
  if (input.githubId === undefined && deps.lookupGithubUser) {
    const user = await deps.lookupGithubUser(input.login);
    if (!user)
      throw new AppError(
        404,
        'unknown_github_login',
        `GitHub has no user ${input.login}; check the login (an organization cannot sign in).`,
      );
    identity = { githubId: user.id, login: user.login };
  }
  const actor: AuditActor = { via: 'admin' };
  const created = await deps.store.accounts.create(
    { githubLogin: identity.login, githubId: identity.githubId, email: input.email, name: null },
    actor,
  );
  if (!created.ok) {
    const whom =
      created.reason === 'github-id-taken' ? `GitHub user id ${identity.githubId}` : `GitHub login ${input.login}`;
    throw new AppError(409, 'account_exists', `An account for ${whom} already exists.`);
  }
  const expiration = longestAllowedExpiration(deps.maxLifetimeDays, deps.clock.now());
  const { token, record } = await issueApiToken(
    deps,
    created.account,
    { name: input.tokenName?.trim() ?? 'first token', scopes: [...API_SCOPES], expiration },
    actor,
  );
  return { account: created.account, token, tokenId: record.id, expiresAt: record.expiresAt };
}

/** The first token is how the user gets in at all, so it lives as long as the operator allows. */
function longestAllowedExpiration(maxDays: number | null, now: number): ExpirationInput {
  if (maxDays === null) return 'none';
  const preset = EXPIRATION_DAYS.slice()
    .reverse()
    .find((d) => d <= maxDays);
  return preset ?? new Date(now + maxDays * 24 * 3600 * 1000).toISOString();
}

/**
 * Finds or creates the account for a GitHub sign-in, by GitHub user id only: logins change hands (renamed, then
 * claimed by someone else), so a login alone never opens an account.
 */
export async function signInWithGitHub(
  deps: Pick<TokenServiceDeps, 'store'>,
  user: GitHubUser,
  actor: AuditActor,
): Promise<Account> {
  const { accounts } = deps.store;
  const identity = { githubId: user.id, login: user.login, name: user.name ?? null };
  const known = await accounts.findByGithubId(user.id);
  if (known) return known.githubLogin === user.login ? known : accounts.updateGithubIdentity(known, identity);

  const byLogin = await accounts.findByLogin(user.login);
  if (byLogin && byLogin.githubId === null) {
    // Made by create-user without an id: whoever holds the login now may not be the person it was made for.
    throw new AppError(
      409,
      'account_not_bound',
      `An operator made an account for the login ${user.login} before it was tied to a GitHub user. Save your GitHub PAT with that account's API token (PUT /api/v1/me/github-pat) to tie it to you, then sign in again; or ask the operator.`,
    );
  }
  const created = await accounts.create(
    { githubLogin: user.login, githubId: user.id, email: user.email ?? null, name: user.name ?? null },
    actor,
    // The login's earlier holder (another GitHub id) renamed; the login now means this person.
    { takeOverLogin: byLogin !== null },
  );
  if (created.ok) return created.account;
  // Two first sign-ins raced; the other one created the account.
  const winner = await accounts.findByGithubId(user.id);
  if (winner) return winner;
  throw new AppError(409, 'account_conflict', 'Your account could not be created; try signing in again.');
}
