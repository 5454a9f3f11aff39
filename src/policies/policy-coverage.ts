import type { PolicyRecord } from '../store/policy-store.js';

/**
 * Whether a policy's runs need its owner's PAT: `all` is the list the PAT gives, and without the GitHub App nothing
 * else can write. A policy naming repositories runs through the App where the App is set up, as any run does.
 */
export function needsPat(policy: Pick<PolicyRecord, 'repositories'>, appEnabled: boolean): boolean {
  return policy.repositories === 'all' || !appEnabled;
}

/** A policy that names its repositories covers the named ones only (GitHub's names ignore case). */
export function namesRepository(policy: Pick<PolicyRecord, 'repositories'>, repository: string): boolean {
  return policy.repositories !== 'all' && policy.repositories.some((r) => r.toLowerCase() === repository.toLowerCase());
}

export const PAT_REMOVED_MESSAGE =
  'Paused because the GitHub PAT its runs need was removed; save a PAT, then resume it.';

/**
 * The active policies a push or a new repository may concern, before asking GitHub: those naming it, and the `all`
 * ones (whether the owner's PAT may write it is checked when the run starts, by the worker).
 */
export function policiesFor<T extends Pick<PolicyRecord, 'repositories' | 'paused'>>(
  policies: readonly T[],
  repository: string,
): T[] {
  return policies.filter((p) => p.paused === null && (p.repositories === 'all' || namesRepository(p, repository)));
}
