import type { GitHubClient } from '../octokit-factory.js';

/** The roles that may change a repository's contents: what the App requires of the user it acts for. */
export const WRITING_ROLES = ['write', 'maintain', 'admin'] as const;
const READING_ROLES = new Set(['read', 'triage', 'none', '']);

export type UserRole =
  | { kind: 'role'; role: string; allowed: boolean }
  /** GitHub knows no such user (404). */
  | { kind: 'unknown-user' };

/**
 * Decides from `GET …/collaborators/{user}/permission`. `role_name` is the precise role (read, triage,
 * write, maintain, admin, or an organization's custom role); `permission` is the legacy summary
 * (admin/write/read/none), where maintain counts as write. A custom role is allowed only when its legacy
 * summary says write or admin, i.e. when it is built on write or maintain.
 */
export function decideRole(
  roleName: string | undefined | null,
  permission: string | undefined | null,
): { role: string; allowed: boolean } {
  const name = (roleName ?? '').toLowerCase();
  const legacy = (permission ?? 'none').toLowerCase();
  if ((WRITING_ROLES as readonly string[]).includes(name)) return { role: name, allowed: true };
  if (name === '' || READING_ROLES.has(name)) {
    // No role_name (older GitHub Enterprise Server): the legacy summary is all there is.
    if (name === '') return { role: legacy, allowed: legacy === 'write' || legacy === 'admin' };
    return { role: name, allowed: false };
  }
  return { role: name, allowed: legacy === 'write' || legacy === 'admin' };
}

/**
 * The user's own role on the repository, asked with the App's installation token: the App must never let
 * someone change a repository they could not change themselves. Transient failures are thrown.
 */
export async function checkUserRole(
  client: GitHubClient,
  owner: string,
  repo: string,
  login: string,
): Promise<UserRole> {
  try {
    const { data } = await client.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: login });
    return { kind: 'role', ...decideRole((data as { role_name?: string }).role_name, data.permission) };
  } catch (err) {
    if ((err as { status?: unknown }).status === 404) return { kind: 'unknown-user' };
    throw err;
  }
}
