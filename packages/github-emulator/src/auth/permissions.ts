import { ApiError, notFound } from '../http/api-error.js';
import type { Actor, PermissionLevel, Repo, RepoRole } from '../model.js';
import { levelAtLeast, roleAtLeast } from '../model.js';
import type { EmulatorState } from '../state.js';

/** What an operation needs: a fine-grained/App permission and, for users, a repository role. */
export interface Need {
  permission: 'contents' | 'pull_requests' | 'issues' | 'metadata' | 'workflows' | 'administration';
  level: PermissionLevel;
  /** role the token's user must hold; defaults to `write` for writes */
  role?: RepoRole;
}

// Classic scopes that imply others (GitHub docs, scopes-for-oauth-apps).
const IMPLIED: Record<string, string[]> = {
  repo: ['public_repo', 'repo:status', 'repo_deployment', 'repo:invite', 'security_events'],
  user: ['read:user', 'user:email', 'user:follow'],
  'admin:org': ['write:org', 'read:org'],
  'write:org': ['read:org'],
};

export function hasScope(scopes: readonly string[], scope: string): boolean {
  return scopes.some((s) => s === scope || (IMPLIED[s] ?? []).includes(scope));
}

export function forbidden(actor: Actor, docs: string): ApiError {
  const by = actor.kind === 'installation' || actor.kind === 'app' ? 'integration' : 'personal access token';
  return new ApiError(403, `Resource not accessible by ${by}`, { docs });
}

function installationCovers(
  state: EmulatorState,
  actor: Extract<Actor, { kind: 'installation' }>,
  repo: Repo,
): boolean {
  const { installation, token } = actor;
  return (
    state.selectionCovers(installation.repositories, installation.accountLogin, repo) &&
    state.selectionCovers(token.repositories, installation.accountLogin, repo)
  );
}

function fineGrainedCovers(state: EmulatorState, actor: Extract<Actor, { kind: 'fine-grained' }>, repo: Repo): boolean {
  return (
    state.userRole(actor.user.login, repo) !== null &&
    state.selectionCovers(actor.token.repositories, actor.token.resourceOwner, repo)
  );
}

/** Whether the actor may know the repository exists (otherwise GitHub answers 404). */
export function canSee(state: EmulatorState, actor: Actor, repo: Repo): boolean {
  if (!repo.private) return true;
  switch (actor.kind) {
    case 'anonymous':
    case 'app':
      return false;
    case 'classic':
    case 'oauth':
      return hasScope(actor.token.scopes, 'repo') && state.userRole(actor.user.login, repo) !== null;
    case 'fine-grained':
      return fineGrainedCovers(state, actor, repo);
    case 'installation':
      return installationCovers(state, actor, repo);
  }
}

/**
 * GitHub's permission model for repository endpoints (docs/github-behaviour.md#permission-checks): 404 when the repository
 * is invisible to the token, 403 "Resource not accessible by …" when a fine-grained or App token
 * lacks the permission. [I] (docs/github-behaviour.md#permission-checks) Permission is checked before any validation of the
 * request body, so an invalid `POST /pulls` answers 403 without Pull requests write and 422 with it.
 */
export function authorizeRepo(state: EmulatorState, actor: Actor, repo: Repo, need: Need, docs: string): void {
  if (!canSee(state, actor, repo)) throw notFound(docs);
  const write = need.level !== 'read';
  const role = need.role ?? (write ? 'write' : 'read');
  switch (actor.kind) {
    case 'anonymous':
      if (write) throw new ApiError(401, 'Requires authentication', { docs });
      return;
    case 'app':
      // [I] an App JWT only works on /app endpoints; elsewhere we answer as GitHub does for integrations.
      throw forbidden(actor, docs);
    case 'classic':
    case 'oauth': {
      if (!write) return;
      const scoped =
        hasScope(actor.token.scopes, 'repo') || (!repo.private && hasScope(actor.token.scopes, 'public_repo'));
      // [I] a classic/OAuth token lacking the scope or the role for a write gets 404, as GitHub hides what it may not touch.
      // Anyone signed in may do what needs only `read` (open an issue) on a public repository.
      const held = state.userRole(actor.user.login, repo) ?? (repo.private ? null : 'read');
      if (!scoped || !roleAtLeast(held, role)) throw notFound(docs);
      return;
    }
    case 'fine-grained': {
      if (!fineGrainedCovers(state, actor, repo)) {
        // Fine-grained tokens can read every public repository, and write none outside their selection.
        if (write) throw forbidden(actor, docs);
        return;
      }
      if (!write && !repo.private) return;
      if (need.permission !== 'metadata' && !levelAtLeast(actor.token.permissions[need.permission], need.level))
        throw forbidden(actor, docs);
      // [I] the token's grant is capped by the user's role; GitHub's exact answer for the cap is unrecorded.
      if (write && !roleAtLeast(state.userRole(actor.user.login, repo), role)) throw forbidden(actor, docs);
      return;
    }
    case 'installation': {
      if (!installationCovers(state, actor, repo)) {
        if (write) throw forbidden(actor, docs);
        return;
      }
      if (!write && !repo.private) return;
      if (need.permission !== 'metadata' && !levelAtLeast(actor.token.permissions[need.permission], need.level))
        throw forbidden(actor, docs);
      return;
    }
  }
}

/** The `permissions` object of repository JSON: the user's role, not the token's grants (docs/github-behaviour.md#permission-checks). */
export function rolePermissions(
  state: EmulatorState,
  actor: Actor,
  repo: Repo,
): Record<'admin' | 'maintain' | 'push' | 'triage' | 'pull', boolean> | undefined {
  if (actor.kind === 'anonymous' || actor.kind === 'app') return undefined;
  // [O 2019] installation tokens saw all-false permissions.
  const role = actor.kind === 'installation' ? null : state.userRole(actor.user.login, repo);
  const pull = role !== null || (actor.kind !== 'installation' && !repo.private);
  return {
    admin: roleAtLeast(role, 'admin'),
    maintain: roleAtLeast(role, 'maintain'),
    push: roleAtLeast(role, 'write'),
    triage: roleAtLeast(role, 'triage'),
    pull: actor.kind === 'installation' ? false : pull,
  };
}
