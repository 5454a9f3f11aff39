/**
 * Every Redis key Rampart writes, in one place. Secrets never appear in a key: sessions and tokens
 * are addressed by the SHA-256 of the secret, everything else by opaque ids.
 */
export function redisKeys(prefix: string) {
  const account = (id: string) => `${prefix}account:${id}`;
  return {
    prefix,
    accounts: `${prefix}accounts`,
    account,
    accountByGithubId: (githubId: number) => `${prefix}account-by-github-id:${githubId}`,
    accountByLogin: (login: string) => `${prefix}account-by-login:${login.toLowerCase()}`,
    session: (sessionHash: string) => `${prefix}session:${sessionHash}`,
    oauthState: (stateHash: string) => `${prefix}oauth-state:${stateHash}`,
    apiToken: (tokenId: string) => `${prefix}api-token:${tokenId}`,
    apiTokenByHash: (tokenHash: string) => `${prefix}api-token-by-hash:${tokenHash}`,
    accountApiTokens: (accountId: string) => `${account(accountId)}:api-tokens`,
    accessToken: (tokenHash: string) => `${prefix}access-token:${tokenHash}`,
    githubPat: (accountId: string) => `${account(accountId)}:github-pat`,
    githubPatOwners: `${prefix}github-pat-owners`,
    credentialGeneration: (accountId: string) => `${account(accountId)}:credential-generation`,
    /** Pub/sub channel: a message whenever an account's PAT is saved, replaced or removed. */
    credentialEvents: `${prefix}credential-events`,
    orchestrateOptions: (accountId: string) => `${account(accountId)}:orchestrate-options`,
    audit: (accountId: string) => `${account(accountId)}:audit`,
    vaultKeyCheck: (kid: string) => `${prefix}vault:key-check:${kid}`,
    rateLimit: (kind: string) => `${prefix}rate-limit:${kind}`,
    run: (runId: string) => `${prefix}run:${runId}`,
    runRepositories: (runId: string) => `${prefix}run:${runId}:repositories`,
    runEvents: (runId: string) => `${prefix}run:${runId}:events`,
    accountRuns: (accountId: string) => `${account(accountId)}:runs`,
    /** Set once by the worker that saw a run complete, so its duration is observed by one worker only. */
    runDurationObserved: (runId: string) => `${prefix}run:${runId}:duration-observed`,
    /** Which run opened a pull request, so a webhook about it finds the run. */
    pullRequestRun: (repository: string, number: number) => `${prefix}pull-request-run:${repository.toLowerCase()}#${number}`,
    /** Shared cache of action refs resolved to commits, for every worker. */
    actionRefCache: `${prefix}action-ref:`,
    /** The BullMQ queue prefix, so queues live under the same namespace. */
    queuePrefix: `${prefix}bull`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
