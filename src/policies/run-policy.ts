import type { Clock } from '../clock.js';
import { startOrchestration, type StartOrchestrationDeps } from '../orchestrate/start-orchestration.js';
import type { AuditActor } from '../store/audit-store.js';
import type { CredentialStore } from '../store/credential-store.js';
import type { PolicyRecord, PolicyStore, PolicyTrigger } from '../store/policy-store.js';
import type { RunRecord, RunStore } from '../store/run-store.js';
import { iso } from '../store/store-context.js';
import { namesRepository, needsPat, PAT_REMOVED_MESSAGE } from './policy-coverage.js';

export interface RunPolicyDeps {
  policies: Pick<PolicyStore, 'get' | 'update'>;
  credentials: Pick<CredentialStore, 'get'>;
  runs: Pick<RunStore, 'record'>;
  /** What starting any run needs (start-orchestration.ts); `newRunId` is replaced by the request's id. */
  start: StartOrchestrationDeps;
  /** Whether the GitHub App can take over where no PAT is saved. */
  appEnabled: boolean;
  /** For `all` policies: whether the owner's saved PAT lists the repository as one the owner may write (asks GitHub). */
  patCanWrite(accountId: string, repository: string): Promise<boolean>;
  clock: Clock;
}

export interface PolicyRunRequest {
  policyId: string;
  trigger: PolicyTrigger;
  /** The one repository a push or a new repository concerns; schedules and manual runs take the policy's list. */
  repository?: string;
  /** Chosen by the caller: derived from the queue job's id, a retried job finds the run it already started. */
  runId: string;
  actor: AuditActor;
}

export type PolicyRunOutcome =
  | { status: 'started'; run: RunRecord }
  /** A retry of a job that had started its run already. */
  | { status: 'already-started'; run: RunRecord }
  | { status: 'skipped'; reason: string }
  /** Its PAT is gone: the policy is paused now (or was), and nothing was started. */
  | { status: 'paused'; reason: string }
  | { status: 'refused'; waiting: number; max: number; requested: number };

/**
 * Starts one run of a policy, through startOrchestration like any run, with the policy's options over its owner's
 * and the policy and trigger recorded. Paused or deleted policies do nothing (a manual run may start a paused one);
 * one whose PAT is gone is paused instead of running; a push or new repository outside the policy is skipped.
 */
export async function runPolicy(deps: RunPolicyDeps, request: PolicyRunRequest): Promise<PolicyRunOutcome> {
  const policy = await deps.policies.get(request.policyId);
  if (!policy) return { status: 'skipped', reason: 'the policy was deleted' };
  if (policy.paused && request.trigger !== 'manual')
    return { status: 'skipped', reason: `the policy is paused (${policy.paused.reason})` };
  const existing = await deps.runs.record(request.runId);
  if (existing) {
    // Started by an earlier attempt; its jobs have deterministic ids, so queueing them again adds nothing twice.
    await deps.start.enqueue(existing.id, existing.accountId, existing.repositories);
    return { status: 'already-started', run: existing };
  }
  if (needsPat(policy, deps.appEnabled) && !(await deps.credentials.get(policy.accountId))) {
    await pauseForMissingPat(deps, policy, request.actor);
    return { status: 'paused', reason: PAT_REMOVED_MESSAGE };
  }
  const chosen = await repositoriesFor(deps, policy, request);
  if ('skip' in chosen) return { status: 'skipped', reason: chosen.skip };
  const { repositories } = chosen;

  const started = await startOrchestration(
    { ...deps.start, newRunId: () => request.runId },
    {
      accountId: policy.accountId,
      repositories,
      options: policy.options,
      origin: { policyId: policy.id, trigger: request.trigger },
    },
  );
  const at = iso(deps.clock.now());
  const note = started.started
    ? null
    : `Not started: ${started.waiting} repositories of at most ${started.max} were already waiting.`;
  await deps.policies.update(policy.id, (current) => ({
    ...current,
    lastRun: {
      runId: started.started ? started.run.id : null,
      trigger: request.trigger,
      at,
      repository: request.repository ?? null,
      note,
    },
  }));
  return started.started
    ? { status: 'started', run: started.run }
    : { status: 'refused', waiting: started.waiting, max: started.max, requested: started.requested };
}

/** The repositories this run takes, or why it takes none. */
async function repositoriesFor(
  deps: RunPolicyDeps,
  policy: PolicyRecord,
  request: PolicyRunRequest,
): Promise<{ repositories: readonly string[] | 'all' } | { skip: string }> {
  const { repository } = request;
  if (repository === undefined) return { repositories: policy.repositories };
  if (policy.repositories === 'all') {
    return (await deps.patCanWrite(policy.accountId, repository))
      ? { repositories: [repository] }
      : { skip: `${repository} is not among the repositories your PAT may write` };
  }
  return namesRepository(policy, repository)
    ? { repositories: [repository] }
    : { skip: `${repository} is not one of the policy's repositories` };
}

async function pauseForMissingPat(
  deps: Pick<RunPolicyDeps, 'policies' | 'clock'>,
  policy: PolicyRecord,
  actor: AuditActor,
): Promise<void> {
  if (policy.paused?.reason === 'pat_removed') return;
  const at = iso(deps.clock.now());
  await deps.policies.update(
    policy.id,
    (current) =>
      current.paused?.reason === 'pat_removed'
        ? null
        : { ...current, paused: { reason: 'pat_removed', message: PAT_REMOVED_MESSAGE, at } },
    { type: 'policy.paused', actor, details: { reason: 'pat_removed' } },
  );
}
