import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { repositoryErrorSchema } from '../errors/failure-codes.js';
import { POLICY_TRIGGERS, type PolicyTrigger } from './policy-store.js';
import { repositoryStateStore, findingsIssueRefSchema, pullRequestRefSchema } from './repository-state-store.js';
import {
  changeSchema,
  FINAL_STATUSES,
  findingSchema,
  REPOSITORY_STATUSES,
  upgradeStoredResult,
} from './repository-result-schemas.js';
import { iso, parseRecord, type StoreContext } from './store-context.js';

export { FINAL_STATUSES, REPOSITORY_STATUSES, type RepositoryStatus } from './repository-result-schemas.js';

export const repositoryResultSchema = z.object({
  repository: z.string(),
  /**
   * What happened: `pr-opened`, `pr-updated`, `up-to-date` (Rampart's open pull request already holds these changes),
   * `clean` (nothing to fix or report), `needs-review` (nothing Rampart can change; findings for a person), `declined`
   * (the same changes were closed without merging before), `failed`, `cancelled`; `queued` and `running` until then.
   */
  status: z.enum(REPOSITORY_STATUSES),
  credential: z.enum(['pat', 'app']).nullable(),
  pull_request: pullRequestRefSchema.optional(),
  /** The changes Rampart made (the fixed findings), per file and line. */
  changes: z.array(changeSchema).optional(),
  /** Every finding, fixed or not, left for a person first, most serious first. */
  findings: z.array(findingSchema).optional(),
  /** How many findings were left out of `findings`, which keeps at most 500. */
  findings_omitted: z.number().int().optional(),
  /** The default branch's files as this run read them, on GitHub: append `/<path>#L<line>`. */
  source_url: z.string().optional(),
  /** Rampart's findings issue, when findings are reported in an issue. */
  issue: findingsIssueRefSchema.optional(),
  /** The commit Rampart made this time; `verified` when GitHub signed it (createCommitOnBranch). */
  commit: z.object({ oid: z.string(), verified: z.boolean() }).optional(),
  /** What the status means for this repository in words (why nothing changed, what was left), or why a queued one waits. */
  note: z.string().optional(),
  /** A queued repository waits for GitHub's limit on its credential until then (ISO 8601). */
  waiting_until: z.string().optional(),
  error: repositoryErrorSchema.optional(),
  updated_at: z.string(),
});
/** Reads a stored result, upgrading the older statuses. */
const storedResultSchema = z.preprocess(upgradeStoredResult, repositoryResultSchema);
export type RepositoryResult = z.output<typeof repositoryResultSchema>;

const runRecordSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  accountId: z.string(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  /** The account's credential generation when the run was queued: a later change means the PAT it meant is gone. */
  credentialGeneration: z.number().int(),
  /** A PAT was saved when the run was queued, so its jobs would use it: removing it cancels them. */
  withPat: z.boolean(),
  options: z.unknown(),
  repositories: z.array(z.string()),
  /** The policy that started the run, and what made it run. */
  policyId: z.string().optional(),
  trigger: z.enum(POLICY_TRIGGERS).optional(),
});
export type RunRecord = Omit<z.output<typeof runRecordSchema>, 'v'>;

export type RunStatus = 'queued' | 'running' | 'completed' | 'cancelled';

export interface RunView {
  id: string;
  status: RunStatus;
  created_at: string;
  repositories: RepositoryResult[];
  policy_id?: string;
  trigger?: PolicyTrigger;
}

const MAX_EVENTS = 10_000;
const MAX_RUNS_LISTED = 100;

// KEYS: repositories hash, events stream. ARGV: repository, result JSON, 'force' to overwrite a final state.
// A final state is never replaced by a late 'running' or 'queued' from a retry or a slow worker.
const SET_RESULT = `
local current = redis.call('hget', KEYS[1], ARGV[1])
if current and ARGV[3] ~= 'force' then
  local s = cjson.decode(current).status
  if s ~= 'queued' and s ~= 'running' then return 0 end
end
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
redis.call('xadd', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'repository', ARGV[1], 'result', ARGV[2])
return 1
`;

/** A run's id is known before the run is stored, so its jobs can be counted against the account's limit first. */
export function newRunId(): string {
  return `run_${randomBytes(12).toString('base64url')}`;
}

export function runStore(ctx: StoreContext) {
  const { redis, keys, clock } = ctx;
  const now = () => iso(clock.now());
  const states = repositoryStateStore(ctx);

  const readRepositories = async (runId: string, order: string[]): Promise<RepositoryResult[]> => {
    const all = await redis.hgetall(keys.runRepositories(runId));
    return order
      .map((r) => parseRecord(keys.runRepositories(runId), all[r] ?? null, storedResultSchema))
      .filter((r): r is RepositoryResult => r !== null);
  };
  const statusOf = (record: RunRecord, repos: RepositoryResult[]): RunStatus => {
    if (record.cancelledAt) return 'cancelled';
    if (repos.every((r) => FINAL_STATUSES.includes(r.status))) return 'completed';
    return repos.some((r) => r.status !== 'queued') ? 'running' : 'queued';
  };

  return {
    async create(input: {
      id?: string;
      accountId: string;
      repositories: string[];
      options: unknown;
      credentialGeneration: number;
      withPat: boolean;
      policyId?: string;
      trigger?: PolicyTrigger;
    }): Promise<RunRecord> {
      const record: RunRecord = {
        id: input.id ?? newRunId(),
        accountId: input.accountId,
        createdAt: now(),
        cancelledAt: null,
        credentialGeneration: input.credentialGeneration,
        withPat: input.withPat,
        options: input.options,
        repositories: input.repositories,
        ...(input.policyId ? { policyId: input.policyId, trigger: input.trigger ?? 'manual' } : {}),
      };
      const queued = Object.fromEntries(
        input.repositories.map((repository) => [
          repository,
          JSON.stringify({ repository, status: 'queued', credential: null, updated_at: record.createdAt }),
        ]),
      );
      const multi = redis
        .multi()
        .set(keys.run(record.id), JSON.stringify({ v: 1, ...record }))
        .zadd(keys.accountRuns(input.accountId), clock.now(), record.id);
      if (input.repositories.length > 0) multi.hset(keys.runRepositories(record.id), queued);
      if (input.policyId) multi.zadd(keys.policyRuns(input.policyId), clock.now(), record.id);
      await multi.exec();
      return record;
    },

    async record(runId: string): Promise<RunRecord | null> {
      const parsed = parseRecord(keys.run(runId), await redis.get(keys.run(runId)), runRecordSchema);
      if (!parsed) return null;
      const { v: _v, ...record } = parsed;
      return record;
    },

    async view(runId: string): Promise<RunView | null> {
      const record = await this.record(runId);
      if (!record) return null;
      const repositories = await readRepositories(runId, record.repositories);
      const origin = record.policyId
        ? { policy_id: record.policyId, ...(record.trigger ? { trigger: record.trigger } : {}) }
        : {};
      return {
        id: record.id,
        status: statusOf(record, repositories),
        created_at: record.createdAt,
        repositories,
        ...origin,
      };
    },

    async listForAccount(accountId: string): Promise<RunView[]> {
      const ids = await redis.zrevrange(keys.accountRuns(accountId), 0, MAX_RUNS_LISTED - 1);
      const views = await Promise.all(ids.map((id) => this.view(id)));
      return views.filter((v): v is RunView => v !== null);
    },

    /** The runs a policy started, newest first (up to 100), of this account only. */
    async listForPolicy(accountId: string, policyId: string): Promise<RunView[]> {
      const ids = await redis.zrevrange(keys.policyRuns(policyId), 0, MAX_RUNS_LISTED - 1);
      const records = await Promise.all(ids.map((id) => this.record(id)));
      const mine = records.filter((r): r is RunRecord => r?.accountId === accountId);
      const views = await Promise.all(mine.map((r) => this.view(r.id)));
      return views.filter((v): v is RunView => v !== null);
    },

    /** Records a repository's state; false when it already had a final one (unless `force`). */
    async setResult(runId: string, result: Omit<RepositoryResult, 'updated_at'>, force = false): Promise<boolean> {
      const full = repositoryResultSchema.parse({ ...result, updated_at: now() });
      const done = await redis.eval(
        SET_RESULT,
        2,
        keys.runRepositories(runId),
        keys.runEvents(runId),
        full.repository,
        JSON.stringify(full),
        force ? 'force' : '',
        String(MAX_EVENTS),
      );
      // A pull request belongs to the run that opened it; later runs that only update it do not take it over.
      if (Number(done) === 1 && full.pull_request && full.status === 'pr-opened') {
        await redis.set(keys.pullRequestRun(full.repository, full.pull_request.number), runId);
      }
      // The repository's latest state follows its runs; a forced rewrite (a webhook's news) updates it on its own.
      if (Number(done) === 1 && !force && FINAL_STATUSES.includes(full.status)) {
        const record = await this.record(runId);
        if (record) await states.record(record.accountId, runId, full);
      }
      return Number(done) === 1;
    },

    async result(runId: string, repository: string): Promise<RepositoryResult | null> {
      return parseRecord(
        keys.runRepositories(runId),
        await redis.hget(keys.runRepositories(runId), repository),
        storedResultSchema,
      );
    },

    /** Marks the whole run cancelled (its waiting repositories are ended by cancelQueued). */
    async markCancelled(runId: string): Promise<boolean> {
      const record = await this.record(runId);
      if (!record) return false;
      if (!record.cancelledAt)
        await redis.set(keys.run(runId), JSON.stringify({ v: 1, ...record, cancelledAt: now() }));
      return true;
    },

    /** A webhook said Rampart's pull request was merged or closed without merging (declined): its run and the repository's state say so. */
    async recordPullRequestClosed(repository: string, number: number, merged: boolean): Promise<boolean> {
      const runId = await redis.get(keys.pullRequestRun(repository, number));
      if (!runId) return false;
      const record = await this.record(runId);
      const name = record?.repositories.find((r) => r.toLowerCase() === repository.toLowerCase());
      const current = name ? await this.result(runId, name) : null;
      if (!current?.pull_request || current.pull_request.number !== number) return false;
      const { updated_at: _u, ...rest } = current;
      const state = merged ? 'merged' : 'declined';
      if (record) await states.pullRequestClosed(record.accountId, repository, number, state);
      return this.setResult(runId, { ...rest, pull_request: { ...current.pull_request, state } }, true);
    },

    /** A webhook said Rampart's pull request was reopened: its run and the repository's state show it open again. */
    async recordPullRequestReopened(repository: string, number: number): Promise<boolean> {
      const runId = await redis.get(keys.pullRequestRun(repository, number));
      const record = runId ? await this.record(runId) : null;
      const name = record?.repositories.find((r) => r.toLowerCase() === repository.toLowerCase());
      const current = runId && name ? await this.result(runId, name) : null;
      if (!runId || !record || !current?.pull_request || current.pull_request.number !== number) return false;
      const { updated_at: _u, ...rest } = current;
      await states.pullRequestReopened(record.accountId, repository, number);
      return this.setResult(runId, { ...rest, pull_request: { ...current.pull_request, state: 'open' } }, true);
    },

    /** The run that opened a pull request, for webhooks. */
    async runOfPullRequest(repository: string, number: number): Promise<string | null> {
      return redis.get(keys.pullRequestRun(repository, number));
    },

    /** Events after `lastId` (a stream id; `0` for all), waiting up to `blockMs` for one. */
    async events(
      runId: string,
      lastId: string,
      blockMs: number,
      client = redis,
    ): Promise<{ id: string; result: RepositoryResult }[]> {
      const res = await client.xread('COUNT', 100, 'BLOCK', blockMs, 'STREAMS', keys.runEvents(runId), lastId);
      const entries = res?.[0]?.[1] ?? [];
      return entries.map(([id, fields]) => {
        const json = fields[fields.indexOf('result') + 1] ?? 'null';
        return { id, result: storedResultSchema.parse(JSON.parse(json)) };
      });
    },
  };
}

export type RunStore = ReturnType<typeof runStore>;
