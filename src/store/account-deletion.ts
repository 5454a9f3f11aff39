import type { Account } from './account-store.js';
import type { StoreContext } from './store-context.js';

/** Deleting an account's own records (`rampart admin delete-user`); PAT and policies go through their stores first. */
export function accountDeletion(ctx: StoreContext) {
  const { redis, keys } = ctx;
  return {
    /** Every run of the account with its results, events and pull-request index entries; resolves to how many runs. */
    async deleteRuns(accountId: string): Promise<number> {
      const runIds = await redis.zrange(keys.accountRuns(accountId), '0', '-1');
      for (const runId of runIds) {
        const results = await redis.hvals(keys.runRepositories(runId));
        const multi = redis
          .multi()
          .del(keys.run(runId), keys.runRepositories(runId), keys.runEvents(runId), keys.runDurationObserved(runId));
        for (const raw of results) {
          const pr = pullRequestOf(raw);
          if (pr) multi.eval(DEL_IF_EQUAL, 1, keys.pullRequestRun(pr.repository, pr.number), runId);
        }
        await multi.exec();
      }
      await redis.del(keys.accountRuns(accountId));
      return runIds.length;
    },

    /**
     * The account, its indexes, API tokens, sessions, options, sealed user token and audit stream. Index entries are
     * removed only while they still name this account (a login may since belong to another one).
     */
    async deleteRecords(account: Account): Promise<{ apiTokens: number; sessions: number }> {
      const tokenIds = await redis.smembers(keys.accountApiTokens(account.id));
      const tokenHashes = await Promise.all(tokenIds.map((id) => redis.hget(keys.apiToken(id), 'hash')));
      const sessionHashes = await redis.smembers(keys.accountSessions(account.id));
      const multi = redis.multi();
      tokenIds.forEach((id, i) => {
        multi.del(keys.apiToken(id));
        const hash = tokenHashes[i];
        if (hash) multi.del(keys.apiTokenByHash(hash));
      });
      for (const hash of sessionHashes) multi.del(keys.session(hash));
      multi.eval(DEL_IF_EQUAL, 1, keys.accountByLogin(account.githubLogin), account.id);
      if (account.githubId !== null) multi.eval(DEL_IF_EQUAL, 1, keys.accountByGithubId(account.githubId), account.id);
      multi
        .srem(keys.accounts, account.id)
        .del(
          keys.account(account.id),
          keys.accountApiTokens(account.id),
          keys.accountSessions(account.id),
          keys.orchestrateOptions(account.id),
          keys.githubUserToken(account.id),
          keys.credentialGeneration(account.id),
          keys.accountRepositoryStates(account.id),
          keys.audit(account.id),
        );
      await multi.exec();
      return { apiTokens: tokenIds.length, sessions: sessionHashes.length };
    },
  };
}

const DEL_IF_EQUAL = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

function pullRequestOf(raw: string): { repository: string; number: number } | null {
  try {
    const r = JSON.parse(raw) as { repository?: unknown; pull_request?: { number?: unknown } | null };
    return typeof r.repository === 'string' && typeof r.pull_request?.number === 'number'
      ? { repository: r.repository, number: r.pull_request.number }
      : null;
  } catch {
    return null;
  }
}

export type AccountDeletion = ReturnType<typeof accountDeletion>;
