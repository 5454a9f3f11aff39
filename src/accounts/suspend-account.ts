import type { Clock } from '../clock.js';
import type { Account, SuspensionReason } from '../store/account-store.js';
import type { AuditActor, AuditDetails } from '../store/audit-store.js';
import { iso } from '../store/store-context.js';
import type { Store } from '../store/store.js';

/**
 * Suspends the account: its API tokens are refused, its sessions end now, and (the caller's part, it sits above this
 * layer) its waiting jobs are cancelled. Its saved PAT stays encrypted until an operator deletes the account.
 */
export async function suspendAccount(
  deps: { store: Store; clock: Clock },
  account: Account,
  suspension: { reason: SuspensionReason; message: string },
  actor: AuditActor,
  details: AuditDetails = {},
): Promise<{ account: Account; sessionsEnded: number }> {
  const updated = await deps.store.accounts.setSuspension(
    account,
    { ...suspension, at: iso(deps.clock.now()) },
    actor,
    details,
  );
  const sessionsEnded = await deps.store.sessions.destroyAllForAccount(account.id);
  return { account: updated, sessionsEnded };
}

export async function reinstateAccount(deps: { store: Store }, account: Account, actor: AuditActor): Promise<Account> {
  return account.status === 'active' ? account : deps.store.accounts.setSuspension(account, null, actor);
}

/** What a suspended account's caller is told, in one sentence. */
export function suspensionMessage(account: Account): string {
  const s = account.suspension;
  if (!s) return '';
  return s.reason === 'operator'
    ? `An operator suspended this Rampart account (${s.at}): ${s.message}`
    : `This Rampart account is suspended (${s.at}): ${s.message}`;
}
