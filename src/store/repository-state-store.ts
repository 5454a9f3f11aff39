import { z } from 'zod';
import { FINAL_STATUSES, type RepositoryStatus } from './repository-result-schemas.js';
import { parseRecord, type StoreContext } from './store-context.js';

/** A pull request as results show it: open, merged, or closed without merging (declined). */
export const pullRequestRefSchema = z
  .object({
    number: z.number().int(),
    url: z.string(),
    // Results stored before pull requests could be declined said `closed` for the same thing.
    state: z
      .preprocess((s) => (s === 'closed' ? 'declined' : s), z.enum(['open', 'merged', 'declined']))
      .default('open'),
  })
  .meta({ title: 'PullRequestRef' });
export type PullRequestRef = z.output<typeof pullRequestRefSchema>;

/** Rampart's findings issue in a repository: open while findings are left, closed when none are. */
export const findingsIssueRefSchema = z
  .object({ number: z.number().int(), url: z.string(), state: z.enum(['open', 'closed']) })
  .meta({ title: 'FindingsIssueRef' });

/** What the Repositories page shows of a repository: how its latest run ended and where its pull request stands. */
export const repositoryLatestSchema = z
  .object({
    repository: z.string(),
    /** The latest run's final status for it. */
    status: z.enum(FINAL_STATUSES as [RepositoryStatus, ...RepositoryStatus[]]),
    run_id: z.string(),
    /** Rampart's pull request: the one the latest run opened or kept, or, after a run that failed, the one before. */
    pull_request: pullRequestRefSchema.optional(),
    /** Findings left for a person: not fixed by Rampart, and more than information. */
    findings_to_review: z.number().int(),
    issue: findingsIssueRefSchema.optional(),
    updated_at: z.string(),
  })
  .meta({ title: 'RepositoryLatestState' });
export type RepositoryLatest = z.output<typeof repositoryLatestSchema>;

/** What a repository's final result contributes; the run store passes it in. */
export interface FinalResult {
  repository: string;
  status: RepositoryStatus;
  pull_request?: PullRequestRef | undefined;
  findings?: ReadonlyArray<{ fixed: boolean; severity: string }> | undefined;
  findings_omitted?: number | undefined;
  issue?: z.output<typeof findingsIssueRefSchema> | undefined;
  updated_at: string;
}

/** A failure or a cancellation says nothing new about the repository's pull request or findings: those stay. */
const KEEPS_PREVIOUS = new Set(['failed', 'cancelled']);

/** Each repository's latest state per account, written as results become final and as webhooks report pull requests. */
export function repositoryStateStore(ctx: StoreContext) {
  const { redis, keys } = ctx;
  const read = async (accountId: string, repository: string) =>
    parseRecord(
      keys.accountRepositoryStates(accountId),
      await redis.hget(keys.accountRepositoryStates(accountId), repository.toLowerCase()),
      repositoryLatestSchema,
    );
  const write = (accountId: string, state: RepositoryLatest) =>
    redis.hset(keys.accountRepositoryStates(accountId), state.repository.toLowerCase(), JSON.stringify(state));

  return {
    async record(accountId: string, runId: string, result: FinalResult): Promise<void> {
      const previous = await read(accountId, result.repository);
      const keep = KEEPS_PREVIOUS.has(result.status) && previous !== null;
      const kept = result.findings ?? [];
      // Those to review (not fixed, above `info`): findings left for a person come first in a result, so omitted
      // ones may be theirs only when every kept one is unfixed.
      const omitted = kept.every((f) => !f.fixed) ? (result.findings_omitted ?? 0) : 0;
      const toReview = kept.filter((f) => !f.fixed && f.severity !== 'info').length + omitted;
      const pull = result.pull_request ?? (keep ? previous.pull_request : undefined);
      const issue = result.issue ?? (keep ? previous.issue : undefined);
      await write(accountId, {
        repository: result.repository,
        status: result.status,
        run_id: runId,
        ...(pull ? { pull_request: pull } : {}),
        findings_to_review: keep && result.findings === undefined ? previous.findings_to_review : toReview,
        ...(issue ? { issue } : {}),
        updated_at: result.updated_at,
      });
    },

    /** A webhook said the pull request was merged or closed: shown when it is the one the state names. */
    async pullRequestClosed(
      accountId: string,
      repository: string,
      number: number,
      state: 'merged' | 'declined',
    ): Promise<void> {
      const current = await read(accountId, repository);
      if (current?.pull_request?.number !== number) return;
      await write(accountId, { ...current, pull_request: { ...current.pull_request, state } });
    },

    /**
     * A webhook said the pull request was reopened: open again when it is the one the state names. A `declined` status
     * (a run found these changes declined in it) becomes `up-to-date`: Rampart's open pull request holds them again.
     */
    async pullRequestReopened(accountId: string, repository: string, number: number): Promise<void> {
      const current = await read(accountId, repository);
      if (current?.pull_request?.number !== number) return;
      const status = current.status === 'declined' ? 'up-to-date' : current.status;
      await write(accountId, { ...current, status, pull_request: { ...current.pull_request, state: 'open' } });
    },

    async list(accountId: string): Promise<RepositoryLatest[]> {
      const key = keys.accountRepositoryStates(accountId);
      const all = await redis.hgetall(key);
      return Object.values(all)
        .map((raw) => parseRecord(key, raw, repositoryLatestSchema))
        .filter((s): s is RepositoryLatest => s !== null)
        .sort((a, b) => a.repository.localeCompare(b.repository));
    },
  };
}

export type RepositoryStateStore = ReturnType<typeof repositoryStateStore>;
