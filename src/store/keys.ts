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
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
