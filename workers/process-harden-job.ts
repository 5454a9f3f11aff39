import { UnrecoverableError, type Job } from 'bullmq';
import { openPatClient } from '../src/credentials/pat-client.js';
import { jobFailure } from '../src/credentials/github-failure.js';
import { cachedActionResolver } from '../src/github/cached-action-resolver.js';
import { classifyGitHubError } from '../src/github/classify-github-error.js';
import { githubActionResolver } from '../src/github/github-action-resolver.js';
import type { GitHubClient } from '../src/github/octokit-factory.js';
import { TreeTooLargeError } from '../src/github/read-hardening-files.js';
import { credentialShortfall } from '../src/orchestrate/credential-shortfall.js';
import { hardenRepository, type HardenRepositoryOutcome } from '../src/orchestrate/harden-repository.js';
import { resolveOrchestrateOptions } from '../src/orchestrate/orchestrate-options.js';
import { FINAL_STATUSES, type RepositoryResult } from '../src/store/run-store.js';
import { hardenJobSchema, HARDEN_JOB_ATTEMPTS } from '../src/queue/harden-queue.js';
import type { JobGate } from '../src/queue/job-gate.js';
import type { HardenJobDeps } from './harden-job-deps.js';

const ACTOR = { via: 'worker' };

/** A failure the job cannot fix by trying again; recorded on the repository, never retried. */
class PermanentFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One repository of one run: pick the credential (the PAT; the App where GitHub shows the PAT cannot do the work,
 * never beyond the user's own access), harden, record the outcome. Transient GitHub failures are thrown for BullMQ
 * to retry with backoff; permanent ones are recorded with a sentence for the user and end the job.
 */
export async function processHardenJob(job: Job, deps: HardenJobDeps, gate?: JobGate): Promise<void> {
  const { runId, accountId, repository } = hardenJobSchema.parse(job.data);
  const runs = deps.store.runs;
  const run = await runs.record(runId);
  if (!run) return;
  const current = await runs.result(runId, repository);
  if (current && FINAL_STATUSES.includes(current.status)) return; // a duplicate delivery of a finished job
  const record = (r: Omit<RepositoryResult, 'updated_at' | 'repository'>) => runs.setResult(runId, { repository, ...r });
  if (run.cancelledAt) return void (await record({ status: 'cancelled', credential: null, error: { code: 'cancelled', message: 'The run was cancelled.' } }));

  const account = await deps.store.accounts.get(accountId);
  if (!account) throw new UnrecoverableError(`account ${accountId} no longer exists`);
  const options = resolveOrchestrateOptions(run.options);
  await record({ status: 'running', credential: null });
  try {
    // The gate turns a long wait for the credential's GitHub budget into a hand-back of the worker slot (see job-gate.ts).
    const jobDeps = gate ? { ...deps, contentLimiter: gate.limiter(deps.contentLimiter) } : deps;
    const { outcome, credential } = await withCredential(jobDeps, run.withPat, accountId, account.githubLogin, repository, (client) =>
      hardenRepository(client, { repository, options, resolver: resolverFor(deps, client, accountId), beforeWrites: gate?.beforeWrites }),
    );
    await record(resultOf(outcome, credential));
  } catch (err) {
    if (gate?.handBack) throw err; // not a failure: the job comes back later (fair-job-runner.ts)
    if (err instanceof PermanentFailure) {
      await record({ status: err.code === 'cancelled' ? 'cancelled' : 'failed', credential: null, error: { code: err.code, message: err.message } });
      throw new UnrecoverableError(err.message);
    }
    const c = classifyGitHubError(err);
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? HARDEN_JOB_ATTEMPTS);
    if (c.transient && !last) throw Object.assign(err as Error, { retryAfterSeconds: c.retryAfterSeconds ?? (err as { retryAfterSeconds?: number }).retryAfterSeconds });
    // Rampart's own faults (its Redis, a PAT that does not decrypt, a bug) get their own codes, never GitHub's.
    const error = jobFailure(c, job.attemptsMade + 1);
    await record({ status: 'failed', credential: null, error });
    throw new UnrecoverableError(error.message);
  }
}

/** GitHub failed in a way worth retrying, reported by a layer that answers instead of throwing. */
class TransientFailure extends Error {
  readonly status = 503;
  constructor(
    message: string,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
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
  if (!pat && runWithPat) throw new PermanentFailure('cancelled', 'The GitHub PAT was removed, so automation that would use it stopped.');
  if (pat) {
    try {
      await deps.store.credentials.recordUse(accountId, ACTOR, { purpose: 'harden', repositories: 1 });
      return { outcome: await attempt(pat.client), credential: 'pat' };
    } catch (err) {
      if (classifyGitHubError(err).kind === 'credential-revoked') {
        throw new PermanentFailure('cancelled', 'The GitHub PAT was removed or replaced while this repository was being hardened; it stopped before its next request.');
      }
      patProblem = credentialShortfall(err);
      if (patProblem === undefined) throw toPermanent(err);
    }
  }
  const where = patProblem ? `Your PAT cannot do this in ${repository}: ${patProblem}.` : `No GitHub PAT is saved.`;
  if (!deps.app.enabled) {
    throw new PermanentFailure('no-credential', `${where} Save a PAT with Contents, Pull requests and Workflows read and write on ${repository}.`);
  }
  const app = await deps.app.forRepository({ repository, userLogin: login, contentLimiter: deps.contentLimiter });
  if (!app.ok && app.transient) throw new TransientFailure(app.message, app.retryAfterSeconds);
  if (!app.ok) throw new PermanentFailure(app.code, `${where} ${app.message}`);
  try {
    return { outcome: await attempt(app.client), credential: 'app' };
  } catch (err) {
    const shortfall = credentialShortfall(err);
    if (shortfall) throw new PermanentFailure('app-insufficient', `${where} The Rampart GitHub App cannot do it either: ${shortfall}.`);
    throw toPermanent(err);
  }
}

function toPermanent(err: unknown): unknown {
  if (err instanceof TreeTooLargeError) return new PermanentFailure('repository-too-large', err.message);
  return err;
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

function resultOf(outcome: HardenRepositoryOutcome, credential: 'pat' | 'app'): Omit<RepositoryResult, 'updated_at' | 'repository'> {
  return {
    status: outcome.status,
    credential,
    changes: outcome.changes,
    ...(outcome.pullRequest ? { pull_request: { ...outcome.pullRequest, state: 'open' as const } } : {}),
    ...(outcome.status === 'unchanged' ? { note: outcome.reason } : {}),
    ...(outcome.status !== 'unchanged' && outcome.commit ? { commit: { oid: outcome.commit.oid, verified: outcome.commit.verified } } : {}),
  };
}

