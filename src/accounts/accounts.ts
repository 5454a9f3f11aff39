import { AppError } from '../errors.js';
import type { GitHubUser } from '../github/github-schemas.js';
import type { Account } from '../store/account-store.js';
import type { AuditActor } from '../store/audit-store.js';
import { issueApiToken, type TokenServiceDeps } from './api-tokens.js';
import { API_SCOPES } from './scopes.js';
import { EXPIRATION_DAYS, type ExpirationInput } from './token-expiration.js';

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/** `rampart admin create-user`: an account for a GitHub login, and its first API token (all scopes). */
export async function createUserWithToken(
  deps: TokenServiceDeps,
  input: { login: string; email: string; tokenName?: string },
): Promise<{ account: Account; token: string; tokenId: string; expiresAt: string | null }> {
  if (!LOGIN.test(input.login)) throw new AppError(400, 'invalid_login', `"${input.login}" is not a GitHub login (letters, digits and single hyphens, at most 39 characters).`);
  const actor: AuditActor = { via: 'admin' };
  const created = await deps.store.accounts.create({ githubLogin: input.login, githubId: null, email: input.email, name: null }, actor);
  if (!created.ok) throw new AppError(409, 'account_exists', `An account for GitHub login ${input.login} already exists.`);
  const expiration = longestAllowedExpiration(deps.maxLifetimeDays, deps.clock.now());
  const { token, record } = await issueApiToken(deps, created.account, { name: input.tokenName ?? 'first token', scopes: [...API_SCOPES], expiration }, actor);
  return { account: created.account, token, tokenId: record.id, expiresAt: record.expiresAt };
}

/** The first token is how the user gets in at all, so it lives as long as the operator allows. */
function longestAllowedExpiration(maxDays: number | null, now: number): ExpirationInput {
  if (maxDays === null) return 'none';
  const preset = EXPIRATION_DAYS.slice().reverse().find((d) => d <= maxDays);
  return preset ?? new Date(now + maxDays * 24 * 3600 * 1000).toISOString();
}

/**
 * Finds or creates the account for a GitHub sign-in, by GitHub user id first (logins can change):
 * an account made by create-user for this login is linked on its owner's first sign-in.
 */
export async function signInWithGitHub(deps: Pick<TokenServiceDeps, 'store'>, user: GitHubUser, actor: AuditActor): Promise<Account> {
  const { accounts } = deps.store;
  const identity = { githubId: user.id, login: user.login, name: user.name ?? null };
  const known = await accounts.findByGithubId(user.id);
  if (known) return known.githubLogin === user.login ? known : accounts.updateGithubIdentity(known, identity);

  const byLogin = await accounts.findByLogin(user.login);
  if (byLogin && byLogin.githubId === null) return accounts.updateGithubIdentity(byLogin, identity);

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
