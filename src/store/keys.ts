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
    /** Audit events that belong to no account: sign-ins refused, accounts deleted. */
    serviceAudit: `${prefix}audit:service`,
    /** The hashes of the account's sessions, so suspending or deleting it ends them. */
    accountSessions: (accountId: string) => `${account(accountId)}:sessions`,
    /** The sign-in's GitHub user token (sealed), kept only to check organization membership again. */
    githubUserToken: (accountId: string) => `${account(accountId)}:github-user-token`,
    /** Which version of the stored records this Redis holds (store/schema-version.ts), and the lock migrations take. */
    schemaVersion: `${prefix}schema-version`,
    schemaMigrationLock: `${prefix}schema-version:lock`,
    /** Held by the API process that is checking memberships, so one process does it at a time. */
    membershipSweepLock: `${prefix}membership-sweep:lock`,
    vaultKeyCheck: (kid: string) => `${prefix}vault:key-check:${kid}`,
    rateLimit: (kind: string) => `${prefix}rate-limit:${kind}`,
    run: (runId: string) => `${prefix}run:${runId}`,
    runRepositories: (runId: string) => `${prefix}run:${runId}:repositories`,
    runEvents: (runId: string) => `${prefix}run:${runId}:events`,
    accountRuns: (accountId: string) => `${account(accountId)}:runs`,
    /** Set once by the worker that saw a run complete, so its duration is observed by one worker only. */
    runDurationObserved: (runId: string) => `${prefix}run:${runId}:duration-observed`,
    /** Each repository's latest state for an account (hash: lower-case repository → JSON), for the Repositories page. */
    accountRepositoryStates: (accountId: string) => `${account(accountId)}:repository-states`,
    /** Change sets whose pull request was closed without merging (hash: fingerprint → JSON), so they are not offered again. */
    declinedChanges: (repository: string) => `${prefix}declined-changes:${repository.toLowerCase()}`,
    /** Which run opened a pull request, so a webhook about it finds the run. */
    pullRequestRun: (repository: string, number: number) =>
      `${prefix}pull-request-run:${repository.toLowerCase()}#${number}`,
    /** A policy, the account's policies, the policies with each trigger on, and each policy's runs (newest by score). */
    policy: (policyId: string) => `${prefix}policy:${policyId}`,
    accountPolicies: (accountId: string) => `${account(accountId)}:policies`,
    policiesWithTrigger: (trigger: string) => `${prefix}policies-with-trigger:${trigger}`,
    policyRuns: (policyId: string) => `${prefix}policy:${policyId}:runs`,
    /** Shared cache of action refs resolved to commits, for every worker. */
    actionRefCache: `${prefix}action-ref:`,
    /** The BullMQ queue prefix, so queues live under the same namespace. */
    queuePrefix: `${prefix}bull`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
