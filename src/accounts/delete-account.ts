import type { Account } from '../store/account-store.js';
import type { AuditActor } from '../store/audit-store.js';
import type { Store } from '../store/store.js';

export interface AccountDeletionReport {
  pat: boolean;
  policies: number;
  runs: number;
  apiTokens: number;
  sessions: number;
}

/**
 * Deletes the account and everything Rampart keeps for it: the PAT (first, so workers holding it stop at their next
 * request), its policies (the caller's `removePolicy` also drops their schedules, which sit above this layer), runs,
 * API tokens, sessions, options, sealed user token and its audit stream. The deletion itself is recorded in the
 * service's audit stream. The caller cancels the account's waiting jobs before.
 */
export async function deleteAccount(
  deps: { store: Store },
  account: Account,
  actor: AuditActor,
  removePolicy: (policyId: string) => Promise<void>,
): Promise<AccountDeletionReport> {
  const { store } = deps;
  const pat = await store.credentials.remove(account.id, actor, { reason: 'account deleted' });
  const policies = await store.policies.listForAccount(account.id);
  for (const policy of policies) await removePolicy(policy.id);
  const runs = await store.deletion.deleteRuns(account.id);
  const { apiTokens, sessions } = await store.deletion.deleteRecords(account);
  const report = { pat, policies: policies.length, runs, apiTokens, sessions };
  await store.audit.recordService('account.deleted', actor, {
    account_id: account.id,
    github_login: account.githubLogin,
    github_id: account.githubId,
    pat,
    policies: report.policies,
    runs,
    api_tokens: apiTokens,
    sessions,
  });
  return report;
}
