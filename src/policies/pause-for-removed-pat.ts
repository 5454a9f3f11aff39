import type { Clock } from '../clock.js';
import type { AuditActor } from '../store/audit-store.js';
import type { PolicyRecord, PolicyStore } from '../store/policy-store.js';
import { iso } from '../store/store-context.js';
import { needsPat, PAT_REMOVED_MESSAGE } from './policy-coverage.js';

/**
 * The account's PAT was removed: every active policy that needs it is paused, saying why, so nothing starts with a
 * PAT that is gone and the owner sees what stopped. Safe to repeat (the API calls it before DELETE returns; workers
 * again when they hear of the removal). Resolves to the policies it paused.
 */
export async function pausePoliciesOfRemovedPat(
  deps: { policies: Pick<PolicyStore, 'listForAccount' | 'update'>; clock: Clock; appEnabled: boolean },
  accountId: string,
  actor: AuditActor,
): Promise<PolicyRecord[]> {
  const paused: PolicyRecord[] = [];
  const at = iso(deps.clock.now());
  for (const policy of await deps.policies.listForAccount(accountId)) {
    if (policy.paused || !needsPat(policy, deps.appEnabled)) continue;
    let changed = false;
    const record = await deps.policies.update(
      policy.id,
      (current) => {
        changed = current.paused === null;
        return changed ? { ...current, paused: { reason: 'pat_removed', message: PAT_REMOVED_MESSAGE, at } } : null;
      },
      { type: 'policy.paused', actor, details: { reason: 'pat_removed' } },
    );
    if (record && changed) paused.push(record);
  }
  return paused;
}
