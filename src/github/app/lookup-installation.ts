import type { GitHubClient } from '../octokit-factory.js';
import type { InstallationRecord, InstallationState } from './installation-cache.js';

interface InstallationJson {
  id: number;
  account?: { login?: string } | null;
  suspended_at?: string | null;
  html_url?: string;
}

/** The fields Rampart keeps from GitHub's `installation` object (REST answers and webhook payloads alike). */
export function installationRecord(json: InstallationJson, fallbackAccount: string): InstallationRecord {
  return {
    id: json.id,
    account: json.account?.login ?? fallbackAccount,
    suspended: Boolean(json.suspended_at),
    settingsUrl: json.html_url ?? null,
  };
}

function isNotFound(err: unknown): boolean {
  return (err as { status?: unknown }).status === 404;
}

/**
 * Asks GitHub, with the App's JWT, whether the App is installed on the repository's owner.
 * `GET /repos/{o}/{r}/installation` answers for the repository; its 404 means either "not installed on
 * the owner" or "installed, but this repository is not selected", so on 404 the owner itself is asked
 * (`/orgs/…` then `/users/…`: the owner's type is unknown). The answer is about the owner either way,
 * which is what the cache keeps. Other failures (401 for a wrong key, 5xx, rate limits) are thrown.
 */
export async function lookupInstallation(app: GitHubClient, owner: string, repo: string): Promise<InstallationState> {
  try {
    const { data } = await app.rest.apps.getRepoInstallation({ owner, repo });
    return { installed: true, installation: installationRecord(data as InstallationJson, owner) };
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const byOwner = [
    () => app.rest.apps.getOrgInstallation({ org: owner }),
    () => app.rest.apps.getUserInstallation({ username: owner }),
  ];
  for (const ask of byOwner) {
    try {
      const { data } = await ask();
      return { installed: true, installation: installationRecord(data as InstallationJson, owner) };
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return { installed: false };
}
