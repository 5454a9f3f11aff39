import type { GitHubRepository } from '../github/github-schemas.js';
import type { CredentialStore } from '../store/credential-store.js';
import type { OptionsStore } from '../store/options-store.js';
import type { PolicyTrigger } from '../store/policy-store.js';
import type { RunRecord, RunStore } from '../store/run-store.js';
import { resolveOrchestrateOptions, type OrchestrateOptionsInput } from './orchestrate-options.js';
import { whyUnwritable } from './starting-credential.js';

/** What starting a run touches; the queue and the PAT's repository list come in as functions (they sit beside or above this layer). */
export interface StartOrchestrationDeps {
  options: Pick<OptionsStore, 'get'>;
  credentials: Pick<CredentialStore, 'getWithGeneration' | 'generation'>;
  runs: Pick<RunStore, 'create'>;
  /** The repositories the account's saved PAT lists; rejects when none is saved. */
  listPatRepositories(accountId: string): Promise<{ repositories: GitHubRepository[] }>;
  /** Counts the jobs against the account's waiting limit atomically; nothing is counted when they would pass `max`. */
  admit(input: {
    runId: string;
    accountId: string;
    repositories: readonly string[];
    max: number;
  }): Promise<{ admitted: boolean; waiting: number }>;
  enqueue(runId: string, accountId: string, repositories: readonly string[]): Promise<void>;
  newRunId(): string;
  /** How many repositories one account may have waiting. */
  maxWaiting: number;
}

export interface StartOrchestrationRequest {
  accountId: string;
  /** Names as given (duplicates differing only in case count once), or every writable repository the PAT lists. */
  repositories: readonly string[] | 'all';
  /** Overrides of the saved Orchestrate Options, for this run only; each top-level key replaces the saved one. */
  options?: Partial<OrchestrateOptionsInput>;
  /** The policy starting the run, and why; recorded on the run. */
  origin?: { policyId: string; trigger: PolicyTrigger };
}

export type OrchestrationStart =
  | { started: true; run: RunRecord }
  /** Refused before anything was stored: the account already has `waiting` repositories of its `max` waiting. */
  | { started: false; waiting: number; max: number; requested: number };

/** Starts a run: options merged over the saved ones, the repositories settled, the jobs admitted, stored and queued. */
export async function startOrchestration(
  deps: StartOrchestrationDeps,
  request: StartOrchestrationRequest,
): Promise<OrchestrationStart> {
  const { accountId } = request;
  const saved = await deps.options.get(accountId);
  const options = resolveOrchestrateOptions({ ...asObject(saved?.options), ...(request.options ?? {}) });
  const pat = await deps.credentials.getWithGeneration(accountId);
  const repositories =
    request.repositories === 'all'
      ? await writablePatRepositories(deps, accountId)
      : uniqueIgnoringCase(request.repositories);
  // Counted before the run exists, atomically, so parallel requests cannot together pass the limit.
  const runId = deps.newRunId();
  const admission = await deps.admit({ runId, accountId, repositories, max: deps.maxWaiting });
  if (!admission.admitted)
    return { started: false, waiting: admission.waiting, max: deps.maxWaiting, requested: repositories.length };
  const run = await deps.runs.create({
    id: runId,
    accountId,
    repositories,
    options,
    credentialGeneration: pat?.generation ?? (await deps.credentials.generation(accountId)),
    withPat: pat !== null,
    ...(request.origin ? { policyId: request.origin.policyId, trigger: request.origin.trigger } : {}),
  });
  await deps.enqueue(run.id, accountId, repositories);
  return { started: true, run };
}

/** The same rule the repository list shows: skip what no credential may write (archived, read-only role). */
async function writablePatRepositories(deps: StartOrchestrationDeps, accountId: string): Promise<string[]> {
  const list = await deps.listPatRepositories(accountId);
  return list.repositories.filter((r) => whyUnwritable(r) === null).map((r) => r.full_name);
}

/** GitHub names are case-insensitive: the first spelling given is kept. */
function uniqueIgnoringCase(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()));
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
