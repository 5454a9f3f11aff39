import { actingUser } from '../auth/identity.js';
import { checkOrgPolicy } from '../auth/org-policy.js';
import { authorizeRepo, canSee } from '../auth/permissions.js';
import { ApiError } from '../http/api-error.js';
import type { Repo } from '../model.js';
import { GitHubGraphQLError, GRAPHQL_DOCS } from './graphql-errors.js';
import type { RequestScope } from './nodes.js';

/**
 * GraphQL answers a refusal as a `FORBIDDEN` error on the field, with the REST message
 * ("Resource not accessible by personal access token" / "… by integration", the org-policy texts)
 * and `extensions.saml_failure`, as GitHub's responses show it.
 */
function forbiddenFrom(err: ApiError): GitHubGraphQLError {
  return new GitHubGraphQLError('FORBIDDEN', err.message, {
    saml_failure: err.options.headers?.['x-github-sso'] !== undefined,
  });
}

/**
 * `repository(owner:, name:)`: the same visibility rules as REST (docs/github-behaviour.md#permission-checks). A repository the
 * token cannot see is "Could not resolve", exactly as for one that does not exist.
 */
export function findRepository(scope: RequestScope, owner: string, name: string): Repo {
  const { state } = scope.ctx;
  const repo = state.repo(owner, name);
  if (!repo || !canSee(state, scope.actor, repo)) {
    throw new GitHubGraphQLError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`);
  }
  try {
    checkOrgPolicy(state, scope.actor, repo, false, GRAPHQL_DOCS, scope.ctx.htmlUrl);
  } catch (err) {
    if (err instanceof ApiError) throw forbiddenFrom(err);
    throw err;
  }
  return repo;
}

/**
 * Reading git data needs Contents read, pull requests Pull requests read, issues Issues read, for fine-grained and App
 * tokens on repositories in their selection (metadata, which every visible repository grants, covers the rest).
 */
export function requireRead(
  scope: RequestScope,
  repo: Repo,
  permission: 'contents' | 'pull_requests' | 'issues',
): void {
  try {
    authorizeRepo(scope.ctx.state, scope.actor, repo, { permission, level: 'read' }, GRAPHQL_DOCS);
  } catch (err) {
    if (err instanceof ApiError) throw forbiddenFrom(err);
    throw err;
  }
}

/**
 * `viewerPermission`: the user's role, like REST's `permissions` (docs/github-behaviour.md#permission-checks: the role, not the
 * token's grants), READ on a public repository without a role. [I] null for installation tokens: REST
 * showed them all-false permissions [O semantic-release/github#182], and the App's bot holds no role.
 */
export function viewerPermission(scope: RequestScope, repo: Repo): string | null {
  const { actor } = scope;
  if (actor.kind === 'installation') return null;
  const role = scope.ctx.state.userRole(actor.user.login, repo);
  if (role) return role.toUpperCase();
  return repo.private ? null : 'READ';
}

/**
 * A mutation writing git data needs Contents write, as its REST counterpart. [I] The refusal uses the
 * text observed for `createRef`/`updateRef` ("<login> does not have the correct permissions to execute `CreateRef`").
 */
export function requireMutationWrite(scope: RequestScope, repo: Repo, mutation: string): void {
  try {
    authorizeRepo(scope.ctx.state, scope.actor, repo, { permission: 'contents', level: 'write' }, GRAPHQL_DOCS);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const login = actingUser(scope.ctx.state, scope.actor)?.login ?? 'viewer';
    throw new GitHubGraphQLError(
      'FORBIDDEN',
      `${login} does not have the correct permissions to execute \`${mutation}\``,
    );
  }
}
