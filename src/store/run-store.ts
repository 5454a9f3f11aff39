import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { iso, parseRecord, type StoreContext } from './store-context.js';

export const REPOSITORY_STATUSES = ['queued', 'running', 'pr-opened', 'pr-updated', 'unchanged', 'failed', 'cancelled'] as const;
export type RepositoryStatus = (typeof REPOSITORY_STATUSES)[number];
export const FINAL_STATUSES: readonly RepositoryStatus[] = ['pr-opened', 'pr-updated', 'unchanged', 'failed', 'cancelled'];

export const repositoryResultSchema = z.object({
  repository: z.string(),
  status: z.enum(REPOSITORY_STATUSES),
  credential: z.enum(['pat', 'app']).nullable(),
  pull_request: z.object({ number: z.number().int(), url: z.string(), state: z.enum(['open', 'closed', 'merged']).default('open') }).optional(),
  changes: z.array(z.object({ file: z.string(), rule: z.string(), line: z.number().int(), message: z.string() })).optional(),
  /** The commit Rampart made this time; `verified` when GitHub signed it (createCommitOnBranch). */
  commit: z.object({ oid: z.string(), verified: z.boolean() }).optional(),
  /** Why an `unchanged` repository needed nothing, or why a queued one waits, in words. */
  note: z.string().optional(),
  /** A queued repository waits for GitHub's limit on its credential until then (ISO 8601). */
  waiting_until: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  updated_at: z.string(),
});
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
});
export type RunRecord = Omit<z.output<typeof runRecordSchema>, 'v'>;

export type RunStatus = 'queued' | 'running' | 'completed' | 'cancelled';

export interface RunView {
  id: string;
  status: RunStatus;
  created_at: string;
  repositories: RepositoryResult[];
}

const MAX_EVENTS = 10_000;
const MAX_RUNS_LISTED = 100;

// KEYS: repositories hash, events stream. ARGV: repository, result JSON, 'force' to overwrite a final state.
// A final state is never replaced by a late 'running' or 'queued' from a retry or a slow worker.
const SET_RESULT = `
local current = redis.call('hget', KEYS[1], ARGV[1])
if current and ARGV[3] ~= 'force' then
  local s = cjson.decode(current).status
  if s == 'pr-opened' or s == 'pr-updated' or s == 'unchanged' or s == 'failed' or s == 'cancelled' then return 0 end
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

  const readRepositories = async (runId: string, order: string[]): Promise<RepositoryResult[]> => {
    const all = await redis.hgetall(keys.runRepositories(runId));
    return order.map((r) => parseRecord(keys.runRepositories(runId), all[r] ?? null, repositoryResultSchema)).filter((r): r is RepositoryResult => r !== null);
  };
  const statusOf = (record: RunRecord, repos: RepositoryResult[]): RunStatus => {
    if (record.cancelledAt) return 'cancelled';
    if (repos.every((r) => FINAL_STATUSES.includes(r.status))) return 'completed';
    return repos.some((r) => r.status !== 'queued') ? 'running' : 'queued';
  };

  return {
    async create(input: { id?: string; accountId: string; repositories: string[]; options: unknown; credentialGeneration: number; withPat: boolean }): Promise<RunRecord> {
      const record: RunRecord = {
        id: input.id ?? newRunId(),
        accountId: input.accountId,
        createdAt: now(),
        cancelledAt: null,
        credentialGeneration: input.credentialGeneration,
        withPat: input.withPat,
        options: input.options,
        repositories: input.repositories,
      };
      const queued = Object.fromEntries(
        input.repositories.map((repository) => [repository, JSON.stringify({ repository, status: 'queued', credential: null, updated_at: record.createdAt })]),
      );
      const multi = redis.multi().set(keys.run(record.id), JSON.stringify({ v: 1, ...record })).zadd(keys.accountRuns(input.accountId), clock.now(), record.id);
      if (input.repositories.length > 0) multi.hset(keys.runRepositories(record.id), queued);
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
      return { id: record.id, status: statusOf(record, repositories), created_at: record.createdAt, repositories };
    },

    async listForAccount(accountId: string): Promise<RunView[]> {
      const ids = await redis.zrevrange(keys.accountRuns(accountId), 0, MAX_RUNS_LISTED - 1);
      const views = await Promise.all(ids.map((id) => this.view(id)));
      return views.filter((v): v is RunView => v !== null);
    },

    /** Records a repository's state; false when it already had a final one (unless `force`). */
    async setResult(runId: string, result: Omit<RepositoryResult, 'updated_at'>, force = false): Promise<boolean> {
      const full = repositoryResultSchema.parse({ ...result, updated_at: now() });
      const done = await redis.eval(SET_RESULT, 2, keys.runRepositories(runId), keys.runEvents(runId), full.repository, JSON.stringify(full), force ? 'force' : '', String(MAX_EVENTS));
      // A pull request belongs to the run that opened it; later runs that only update it do not take it over.
      if (Number(done) === 1 && full.pull_request && full.status === 'pr-opened') {
        await redis.set(keys.pullRequestRun(full.repository, full.pull_request.number), runId);
      }
      return Number(done) === 1;
    },

    async result(runId: string, repository: string): Promise<RepositoryResult | null> {
      return parseRecord(keys.runRepositories(runId), await redis.hget(keys.runRepositories(runId), repository), repositoryResultSchema);
    },

    /** Marks the whole run cancelled (its waiting repositories are ended by cancelQueued). */
    async markCancelled(runId: string): Promise<boolean> {
      const record = await this.record(runId);
      if (!record) return false;
      if (!record.cancelledAt) await redis.set(keys.run(runId), JSON.stringify({ v: 1, ...record, cancelledAt: now() }));
      return true;
    },

    /** A webhook said Rampart's pull request was closed or merged: the repository's entry in its run says so. */
    async recordPullRequestClosed(repository: string, number: number, merged: boolean): Promise<boolean> {
      const runId = await redis.get(keys.pullRequestRun(repository, number));
      if (!runId) return false;
      const record = await this.record(runId);
      const name = record?.repositories.find((r) => r.toLowerCase() === repository.toLowerCase());
      const current = name ? await this.result(runId, name) : null;
      if (!current?.pull_request || current.pull_request.number !== number) return false;
      const { updated_at: _u, ...rest } = current;
      return this.setResult(runId, { ...rest, pull_request: { ...current.pull_request, state: merged ? 'merged' : 'closed' } }, true);
    },

    /** The run that opened a pull request, for webhooks. */
    async runOfPullRequest(repository: string, number: number): Promise<string | null> {
      return redis.get(keys.pullRequestRun(repository, number));
    },

    /** Events after `lastId` (a stream id; `0` for all), waiting up to `blockMs` for one. */
    async events(runId: string, lastId: string, blockMs: number, client = redis): Promise<{ id: string; result: RepositoryResult }[]> {
      const res = (await client.xread('COUNT', 100, 'BLOCK', blockMs, 'STREAMS', keys.runEvents(runId), lastId)) as [string, [string, string[]][]][] | null;
      const entries = res?.[0]?.[1] ?? [];
      return entries.map(([id, fields]) => {
        const json = fields[fields.indexOf('result') + 1] ?? 'null';
        return { id, result: repositoryResultSchema.parse(JSON.parse(json)) };
      });
    },
  };
}

export type RunStore = ReturnType<typeof runStore>;
