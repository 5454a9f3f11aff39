import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { openPatClient } from '../src/credentials/pat-client.js';
import type { PatDeps } from '../src/credentials/pat-deps.js';
import { listPatRepositories } from '../src/credentials/use-pat.js';
import { AppError } from '../src/errors.js';
import { classifyGitHubError } from '../src/github/classify-github-error.js';
import { githubRepositorySchema } from '../src/github/github-schemas.js';
import type { Logger } from '../src/log.js';
import { whyUnwritable } from '../src/orchestrate/starting-credential.js';
import { runPolicy, type RunPolicyDeps } from '../src/policies/run-policy.js';
import { admitHardenJobs, enqueueHardenJobs } from '../src/queue/harden-queue.js';
import { policyJobSchema, policyRunId } from '../src/queue/policy-queue.js';
import { syncPolicySchedule, type PolicyTiming } from '../src/queue/policy-schedules.js';
import { newRunId } from '../src/store/run-store.js';

const ACTOR = { via: 'worker' };

/** Everything a policy job touches, injected by `rampart worker` (and by tests). */
export interface PolicyJobDeps extends PatDeps {
  redis: Redis;
  /** Where the runs' repositories go, as for any run. */
  hardenQueue: Queue;
  policyQueue: Queue;
  timing: PolicyTiming;
  appEnabled: boolean;
  maxWaiting: number;
  logger: Logger;
}

/**
 * One policy job: a schedule tick, a (debounced) push, or a new repository. It starts at most one run, whose id is
 * derived from the job's: a retry finds the run its first attempt started instead of starting another.
 */
export async function processPolicyJob(job: Job, deps: PolicyJobDeps): Promise<string> {
  const data = policyJobSchema.parse(job.data);
  if (!job.id) throw new UnrecoverableError('a policy job without an id');
  try {
    const outcome = await runPolicy(workerRunPolicyDeps(deps), {
      policyId: data.policyId,
      trigger: data.trigger,
      ...(data.repository ? { repository: data.repository } : {}),
      runId: policyRunId(job.id),
      actor: ACTOR,
    });
    // A tick of a policy deleted or paused meanwhile: its scheduler goes (the API removes it too; this covers a crash).
    if (data.trigger === 'schedule' && outcome.status !== 'started' && outcome.status !== 'already-started') {
      await syncPolicySchedule(
        deps.policyQueue,
        data.policyId,
        await deps.store.policies.get(data.policyId),
        deps.timing,
      );
    }
    const what =
      outcome.status === 'started' || outcome.status === 'already-started'
        ? `${outcome.status} ${outcome.run.id}`
        : `${outcome.status}: ${'reason' in outcome ? outcome.reason : `${outcome.waiting} waiting`}`;
    deps.logger.info(
      { policy: data.policyId, trigger: data.trigger, repository: data.repository, outcome: what },
      'policy job',
    );
    return what;
  } catch (err) {
    // Refusals in words (no PAT, GitHub refusing it) will not change by retrying, so the policy shows them; outages
    // and rate limits will, so BullMQ retries.
    if (err instanceof AppError && err.status < 500 && err.status !== 429) {
      const at = new Date(deps.clock.now()).toISOString();
      await deps.store.policies.update(data.policyId, (current) => ({
        ...current,
        lastRun: {
          runId: null,
          trigger: data.trigger,
          at,
          repository: data.repository ?? null,
          note: `Not started: ${err.message}`,
        },
      }));
      throw new UnrecoverableError(err.message);
    }
    throw err;
  }
}

function workerRunPolicyDeps(deps: PolicyJobDeps): RunPolicyDeps {
  const { store } = deps;
  return {
    policies: store.policies,
    credentials: store.credentials,
    runs: store.runs,
    start: {
      options: store.options,
      credentials: store.credentials,
      runs: store.runs,
      listPatRepositories: (accountId) => listPatRepositories(deps, accountId, ACTOR),
      admit: (input) => admitHardenJobs(deps.redis, deps.hardenQueue, input),
      enqueue: (runId, accountId, repositories) => enqueueHardenJobs(deps.hardenQueue, runId, accountId, repositories),
      newRunId,
      maxWaiting: deps.maxWaiting,
    },
    appEnabled: deps.appEnabled,
    patCanWrite: (accountId, repository) => patCanWrite(deps, accountId, repository),
    clock: deps.clock,
  };
}

/** `all` means the repositories the PAT lists as writable; for one repository, GitHub's repository JSON says the same. */
async function patCanWrite(deps: PatDeps, accountId: string, repository: string): Promise<boolean> {
  const pat = await openPatClient(deps, accountId, ACTOR);
  if (!pat) return false;
  await deps.store.credentials.recordUse(accountId, ACTOR, { purpose: 'policy', repositories: 1 });
  const [owner = '', repo = ''] = repository.split('/');
  try {
    const res = await pat.client.request('GET /repos/{owner}/{repo}', { owner, repo });
    const parsed = githubRepositorySchema.safeParse(res.data);
    return parsed.success && whyUnwritable(parsed.data) === null;
  } catch (err) {
    const failure = classifyGitHubError(err);
    if (failure.kind === 'not-found' || failure.kind === 'forbidden') return false;
    throw err;
  }
}
