/**
 * The Redis keys of the GitHub App path, beside `store/keys.ts` and under the same prefix. Keyed by App id
 * so that pointing Rampart at another App never reuses the first one's look-ups. Values hold ids, logins
 * and URLs; never a token or the private key.
 */
export function appRedisKeys(prefix: string, appId: number | string) {
  const base = `${prefix}github-app:${appId}`;
  const owner = (login: string) => login.toLowerCase();
  return {
    /** What GitHub said about the App's installation on an account (or that there is none); expires. */
    installation: (login: string) => `${base}:installation:${owner(login)}`,
    /** Bumped by every webhook about the account's installation, so in-flight look-ups do not write stale answers. */
    installationVersion: (login: string) => `${base}:installation-version:${owner(login)}`,
    /** Held by the one process looking the installation up, so N workers make one look-up, not N. */
    installationLookup: (login: string) => `${base}:installation-lookup:${owner(login)}`,
    /** The App's slug and page (GET /app), for install links in messages. */
    profile: `${base}:profile`,
  };
}

export type AppRedisKeys = ReturnType<typeof appRedisKeys>;
