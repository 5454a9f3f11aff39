import type { Clock } from '../clock.js';
import type { AccessConfig, Config } from '../config/load-config.js';
import { AppError } from '../errors.js';
import type { GitHubUser } from '../github/github-schemas.js';
import { OAuthSignInError, refreshUserToken, type UserToken } from '../github/oauth-web-flow.js';
import type { GitHubLogger } from '../github/octokit-factory.js';
import { listUserOrganizations, UserTokenRejectedError } from '../github/user-organizations.js';
import type { Account } from '../store/account-store.js';
import type { AuditActor } from '../store/audit-store.js';
import { USER_TOKEN_RECORD_NAME } from '../store/github-user-token-store.js';
import { iso } from '../store/store-context.js';
import type { Store } from '../store/store.js';
import type { Vault } from '../vault/vault.js';
import { accessRestricted, admittedByLogin, allowedOrgsAmong, NOT_ALLOWED_MESSAGE } from './sign-in-access.js';
import { suspendAccount } from './suspend-account.js';

export interface MembershipDeps {
  store: Store;
  vault: Vault;
  clock: Clock;
  access: AccessConfig;
  /** The App's OAuth client, to refresh user tokens; GitHub's hosts; the fetch and log every call uses. */
  github: {
    apiUrl: string;
    webUrl: string;
    clientId: string;
    clientSecret: string;
    fetch?: typeof globalThis.fetch;
    log?: GitHubLogger;
  };
}

/** The dependencies from the configuration; null without a GitHub App (then nobody signs in with GitHub). */
export function membershipDeps(input: {
  config: Pick<Config, 'githubApp' | 'githubApiUrl' | 'githubWebUrl' | 'access'>;
  store: Store;
  vault: Vault;
  clock: Clock;
  fetch?: typeof globalThis.fetch | undefined;
  log?: GitHubLogger | undefined;
}): MembershipDeps | null {
  const { config } = input;
  if (!config.githubApp) return null;
  const github = {
    apiUrl: config.githubApiUrl,
    webUrl: config.githubWebUrl,
    clientId: config.githubApp.clientId,
    clientSecret: config.githubApp.clientSecret,
    ...(input.fetch ? { fetch: input.fetch } : {}),
    ...(input.log ? { log: input.log } : {}),
  };
  return { store: input.store, vault: input.vault, clock: input.clock, access: config.access, github };
}

export type Admission = { admitted: true; membership: Account['membership'] } | { admitted: false; message: string };

const SYSTEM: AuditActor = { via: 'membership-check' };

/**
 * Whether this GitHub user may sign in (and get an account): anyone when no list is set, else a listed login, else a
 * member of an allowed organization as the user's own token shows (`GET /user/orgs`).
 */
export async function admitSignIn(deps: MembershipDeps, user: GitHubUser, token: UserToken): Promise<Admission> {
  const { access } = deps;
  if (!accessRestricted(access) || admittedByLogin(access, { login: user.login, githubId: user.id }))
    return { admitted: true, membership: null };
  if (access.orgs.length === 0) return { admitted: false, message: NOT_ALLOWED_MESSAGE };
  let orgs: string[];
  try {
    orgs = await listUserOrganizations(deps.github, token.accessToken);
  } catch (err) {
    throw new AppError(
      502,
      'github_unavailable',
      `Rampart could not check your organization membership with GitHub (${(err as Error).message}); try again.`,
    );
  }
  const allowed = allowedOrgsAmong(access, orgs);
  if (allowed.length === 0) return { admitted: false, message: NOT_ALLOWED_MESSAGE };
  return { admitted: true, membership: { checkedAt: iso(deps.clock.now()), orgs: allowed } };
}

/**
 * After an admitted sign-in found or created the account: an operator's suspension stands; one for membership ends
 * (GitHub lists the membership again); the membership and, when it must be checked again later, the sealed token are kept.
 */
export async function settleSignIn(
  deps: MembershipDeps,
  account: Account,
  admission: Extract<Admission, { admitted: true }>,
  token: UserToken,
): Promise<Account> {
  let current = account;
  if (current.suspension?.reason === 'operator') {
    throw new AppError(
      403,
      'account_suspended',
      `An operator suspended your Rampart account (${current.suspension.at}): ${current.suspension.message}`,
    );
  }
  if (current.suspension?.reason === 'membership') {
    current = await deps.store.accounts.setSuspension(
      current,
      null,
      { via: 'github-sign-in' },
      { orgs: admission.membership?.orgs ?? [] },
    );
  }
  if (admission.membership) {
    current = await deps.store.accounts.recordMembership(current, admission.membership);
    await saveUserToken(deps, current.id, token);
  }
  return current;
}

export type MembershipOutcome =
  /** Still admitted (checked now, or by login). */
  | 'ok'
  /** Not due, not restricted, or already suspended. */
  | 'skipped'
  /** Never checked and nothing to check with: made by an operator, or signed in before the lists were set. */
  | 'unchecked'
  /** GitHub did not answer: tried again at the next check. */
  | 'unavailable'
  | 'suspended';

/** Checks one account again when its last check is older than RAMPART_MEMBERSHIP_CHECK_HOURS; suspends it when it no longer belongs. */
export async function recheckMembership(
  deps: MembershipDeps,
  account: Account,
  options: { force?: boolean } = {},
): Promise<MembershipOutcome> {
  const { access } = deps;
  if (account.status === 'suspended' || !accessRestricted(access)) return 'skipped';
  if (admittedByLogin(access, { login: account.githubLogin, githubId: account.githubId })) return 'ok';
  const suspend = async (message: string, details: Record<string, string | string[]> = {}) => {
    await suspendAccount(deps, account, { reason: 'membership', message }, SYSTEM, details);
    return 'suspended' as const;
  };
  if (access.orgs.length === 0) return suspend('RAMPART_ALLOWED_LOGINS no longer lists your GitHub account.');
  const due =
    account.membership === null ||
    Date.parse(account.membership.checkedAt) + access.membershipCheckHours * 3600_000 <= deps.clock.now();
  if (!due && !options.force) return 'skipped';
  const again = 'Rampart can no longer confirm your organization membership with GitHub; sign in again to confirm it.';
  const record = await deps.store.userTokens.get(account.id);
  if (!record) return account.membership === null ? 'unchecked' : suspend(again);
  let token: UserToken;
  try {
    token = {
      ...(JSON.parse(deps.vault.open(record.sealed, { accountId: account.id, record: USER_TOKEN_RECORD_NAME })) as Pick<
        UserToken,
        'accessToken' | 'refreshToken'
      >),
      accessExpiresAt: record.accessExpiresAt,
      refreshExpiresAt: record.refreshExpiresAt,
    };
  } catch {
    return suspend(again);
  }
  const expiresSoon = token.accessExpiresAt !== null && Date.parse(token.accessExpiresAt) - 60_000 <= deps.clock.now();
  if (expiresSoon) {
    if (!token.refreshToken) return suspend(again);
    try {
      token = await refreshUserToken(deps.github, token.refreshToken, () => deps.clock.now());
    } catch (err) {
      if (err instanceof OAuthSignInError && err.code !== 'github_unavailable') return suspend(again);
      return 'unavailable';
    }
    await saveUserToken(deps, account.id, token);
  } else if (record.sealed.kid !== deps.vault.activeKid) {
    // Each check moves the token to the active key, so a rotated-out key is unused after one check interval.
    await saveUserToken(deps, account.id, token);
  }
  let orgs: string[];
  try {
    orgs = await listUserOrganizations(deps.github, token.accessToken);
  } catch (err) {
    if (err instanceof UserTokenRejectedError) return suspend(again);
    return 'unavailable';
  }
  const allowed = allowedOrgsAmong(access, orgs);
  if (allowed.length === 0) {
    return suspend(
      `GitHub no longer lists you as a member of ${access.orgs.join(' or ')} (where Rampart's GitHub App is installed).`,
      { orgs: access.orgs },
    );
  }
  await deps.store.accounts.recordMembership(account, { checkedAt: iso(deps.clock.now()), orgs: allowed });
  return 'ok';
}

/** Checks every active account that is due; `onSuspended` stops what each suspended account had running. */
export async function recheckMemberships(
  deps: MembershipDeps,
  onSuspended: (account: Account) => Promise<void>,
): Promise<Record<MembershipOutcome, number>> {
  const counts: Record<MembershipOutcome, number> = { ok: 0, skipped: 0, unchecked: 0, unavailable: 0, suspended: 0 };
  for await (const id of deps.store.accounts.allIds()) {
    const account = await deps.store.accounts.get(id);
    if (!account) continue;
    const outcome = await recheckMembership(deps, account);
    counts[outcome]++;
    if (outcome === 'suspended') await onSuspended(account);
  }
  return counts;
}

async function saveUserToken(
  deps: Pick<MembershipDeps, 'store' | 'vault'>,
  accountId: string,
  token: UserToken,
): Promise<void> {
  const sealed = deps.vault.seal(JSON.stringify({ accessToken: token.accessToken, refreshToken: token.refreshToken }), {
    accountId,
    record: USER_TOKEN_RECORD_NAME,
  });
  await deps.store.userTokens.put(accountId, sealed, {
    accessExpiresAt: token.accessExpiresAt,
    refreshExpiresAt: token.refreshExpiresAt,
  });
}
