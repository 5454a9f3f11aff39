import { UnrecoverableError, type Job } from 'bullmq';
import { openPatClient } from '../src/credentials/pat-client.js';
import { JobFailure } from '../src/errors/job-failure.js';
import { cachedActionResolver } from '../src/github/cached-action-resolver.js';
import { classifyJobFailure } from '../src/github/classify-job-failure.js';
import { githubActionResolver } from '../src/github/github-action-resolver.js';
import type { GitHubClient } from '../src/github/octokit-factory.js';
import { credentialShortfall } from '../src/orchestrate/credential-shortfall.js';
import { hardenRepository, type HardenRepositoryOutcome } from '../src/orchestrate/harden-repository.js';
import { resolveOrchestrateOptions } from '../src/orchestrate/orchestrate-options.js';
import { FINAL_STATUSES, type RepositoryResult } from '../src/store/run-store.js';
import { MAX_FINDINGS_KEPT } from '../src/store/repository-result-schemas.js';
import { hardenJobSchema, HARDEN_JOB_ATTEMPTS } from '../src/queue/harden-queue.js';
import type { JobGate } from '../src/queue/job-gate.js';
import type { HardenJobDeps } from './harden-job-deps.js';

const ACTOR = { via: 'worker' };

/**
 * One repository of one run: pick the credential (the PAT; the App where GitHub shows the PAT cannot do the work,
 * never beyond the user's own access), harden, record the outcome. Every failure becomes a JobFailure
 * (classifyJobFailure): retryable ones are thrown for BullMQ to retry with backoff until the last attempt; the rest,
 * and the last, are recorded with a sentence for the user and end the job (UnrecoverableError: no retry).
 */
export async function processHardenJob(job: Job, deps: HardenJobDeps, gate?: JobGate): Promise<void> {
  const { runId, accountId, repository } = hardenJobSchema.parse(job.data);
  const runs = deps.store.runs;
  const run = await runs.record(runId);
  if (!run) return;
  const current = await runs.result(runId, repository);
  if (current && FINAL_STATUSES.includes(current.status)) return; // a duplicate delivery of a finished job
  const record = (r: Omit<RepositoryResult, 'updated_at' | 'repository'>) =>
    runs.setResult(runId, { repository, ...r });
  if (run.cancelledAt)
    return void (await record({
      status: 'cancelled',
      credential: null,
      error: { code: 'cancelled', message: 'The run was cancelled.' },
    }));

  const account = await deps.store.accounts.get(accountId);
  if (!account) throw new UnrecoverableError(`account ${accountId} no longer exists`);
  // A suspended account's work stops, whatever queued it (a run, a policy): nothing reaches GitHub for it.
  if (account.status === 'suspended') {
    await record({
      status: 'cancelled',
      credential: null,
      error: { code: 'cancelled', message: 'The account is suspended.' },
    });
    return;
  }
  const options = resolveOrchestrateOptions(run.options);
  await record({ status: 'running', credential: null });
  try {
    // The gate turns a long wait for the credential's GitHub budget into a hand-back of the worker slot (see job-gate.ts).
    const jobDeps = gate ? { ...deps, contentLimiter: gate.limiter(deps.contentLimiter) } : deps;
    const { outcome, credential } = await withCredential(
      jobDeps,
      run.withPat,
      accountId,
      account.githubLogin,
      repository,
      (client) =>
        hardenRepository(client, {
          repository,
          options,
          resolver: resolverFor(deps, client, accountId),
          ...(deps.imageResolver ? { imageResolver: deps.imageResolver } : {}),
          declined: deps.store.declinedChanges,
          beforeWrites: gate ? (n) => gate.beforeWrites(n) : undefined,
        }),
    );
    await record(resultOf(outcome, credential));
  } catch (err) {
    if (gate?.handBack) throw err; // not a failure: the job comes back later (fair-job-runner.ts)
    const attempts = job.attemptsMade + 1;
    const failure = classifyJobFailure(err, attempts);
    // The original error goes back to BullMQ, so its logs show what failed; githubBackoff reads the wait from it.
    if (failure.retryable && attempts < (job.opts.attempts ?? HARDEN_JOB_ATTEMPTS))
      throw Object.assign(err as Error, { retryAfterSeconds: failure.retryAfterSeconds });
    await record({
      status: failure.code === 'cancelled' ? 'cancelled' : 'failed',
      credential: null,
      error: failure.toResult(),
    });
    throw new UnrecoverableError(failure.message);
  }
}

type Attempt = (client: GitHubClient) => Promise<HardenRepositoryOutcome>;

async function withCredential(
  deps: HardenJobDeps,
  runWithPat: boolean,
  accountId: string,
  login: string,
  repository: string,
  attempt: Attempt,
): Promise<{ outcome: HardenRepositoryOutcome; credential: 'pat' | 'app' }> {
  let patProblem: string | undefined;
  const pat = await openPatClient(deps, accountId, ACTOR);
  if (!pat && runWithPat)
    throw new JobFailure({
      code: 'cancelled',
      message: 'The GitHub PAT was removed, so automation that would use it stopped.',
    });
  if (pat) {
    try {
      await deps.store.credentials.recordUse(accountId, ACTOR, { purpose: 'harden', repositories: 1 });
      return { outcome: await attempt(pat.client), credential: 'pat' };
    } catch (err) {
      // A PAT removed mid-job is no shortfall: classifyJobFailure ends the repository as cancelled.
      patProblem = credentialShortfall(err);
      if (patProblem === undefined) throw err;
    }
  }
  const where = patProblem ? `Your PAT cannot do this in ${repository}: ${patProblem}.` : `No GitHub PAT is saved.`;
  if (!deps.app.enabled) {
    throw new JobFailure({
      code: 'no_credential',
      message: `${where} Save a PAT with Contents, Pull requests and Workflows read and write on ${repository}.`,
    });
  }
  const app = await deps.app.forRepository({ repository, userLogin: login, contentLimiter: deps.contentLimiter });
  if (!app.ok && app.transient)
    throw new JobFailure({
      code: app.code,
      message: app.message,
      retryable: true,
      retryAfterSeconds: app.retryAfterSeconds,
    });
  if (!app.ok) throw new JobFailure({ code: app.code, message: `${where} ${app.message}` });
  try {
    return { outcome: await attempt(app.client), credential: 'app' };
  } catch (err) {
    const shortfall = credentialShortfall(err);
    if (shortfall)
      throw new JobFailure({
        code: 'app_insufficient',
        message: `${where} The Rampart GitHub App cannot do it either: ${shortfall}.`,
        cause: err,
      });
    throw err;
  }
}

/** Action metadata is file content, so its cache is per account (see cachedActionResolver); refs are shared. */
function resolverFor(deps: HardenJobDeps, client: GitHubClient, accountId: string) {
  return cachedActionResolver(githubActionResolver(client), {
    redis: deps.redis,
    prefix: deps.store.keys.actionRefCache,
    ttlSeconds: deps.refCacheTtlSeconds,
    negativeTtlSeconds: 300,
    metadataScope: `account:${accountId}`,
  });
}

function resultOf(
  outcome: HardenRepositoryOutcome,
  credential: 'pat' | 'app',
): Omit<RepositoryResult, 'updated_at' | 'repository'> {
  // Those left for a person come first, so a cut keeps them and drops fixed ones (which `changes` lists anyway).
  const kept = outcome.findings.slice(0, MAX_FINDINGS_KEPT);
  return {
    status: outcome.status,
    credential,
    changes: outcome.changes,
    findings: kept,
    ...(outcome.findings.length > kept.length ? { findings_omitted: outcome.findings.length - kept.length } : {}),
    ...(outcome.sourceUrl ? { source_url: outcome.sourceUrl } : {}),
    ...(outcome.pullRequest ? { pull_request: outcome.pullRequest } : {}),
    ...(outcome.issue ? { issue: outcome.issue } : {}),
    ...(outcome.note ? { note: outcome.note } : {}),
    ...(outcome.commit ? { commit: { oid: outcome.commit.oid, verified: outcome.commit.verified } } : {}),
  };
}
