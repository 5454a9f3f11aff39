import { actingUser, actorSignature, WEB_FLOW } from '../../auth/identity.js';
import { announcePush } from '../../webhooks/push-event.js';
import { hasWorkflowWrite, isWorkflowPath } from '../../auth/workflow-gate.js';
import { typeForMode } from '../../git/object-id.js';
import { applyTreeChanges, lookupPath, TreeChangeError, type TreeChange } from '../../git/tree-ops.js';
import { nodeId } from '../../json/users.js';
import type { Repo } from '../../model.js';
import { GitHubGraphQLError } from '../graphql-errors.js';
import {
  gitObjectNode,
  plainFields,
  type GitObjectNode,
  type RefNode,
  type RequestScope,
  type TypeResolvers,
} from '../nodes.js';
import { findRepository, requireMutationWrite } from '../repository-access.js';

const MUTATION = 'CreateCommitOnBranch';
const OID = /^[0-9a-f]{40}$/;

interface Payload {
  clientMutationId: string | null;
  commit: GitObjectNode | null;
  ref: RefNode;
}

interface Input {
  branch?: { repositoryNameWithOwner?: string | null; branchName?: string | null; id?: string | null };
  expectedHeadOid?: string;
  message?: { headline?: string; body?: string | null };
  fileChanges?: {
    additions?: Array<{ path: string; contents: string }> | null;
    deletions?: Array<{ path: string }> | null;
  } | null;
  clientMutationId?: string | null;
}

const unprocessable = (message: string) => new GitHubGraphQLError('UNPROCESSABLE', message);

/** The branch named by `CommittableBranch`: `id` (a Ref node id) or repository + branch name. */
function targetBranch(scope: RequestScope, branch: NonNullable<Input['branch']>): { repo: Repo; name: string } {
  if (typeof branch.id === 'string' && branch.id !== '') {
    for (const repo of scope.ctx.state.repos.values()) {
      for (const name of repo.branches.keys()) {
        if (nodeId('Ref', `${repo.id}:refs/heads/${name}`) === branch.id)
          return { repo: findRepository(scope, repo.ownerLogin, repo.name), name };
      }
    }
    // [I] an unknown node id, in the words GitHub uses for `node(id:)`.
    throw new GitHubGraphQLError('NOT_FOUND', `Could not resolve to a node with the global id of '${branch.id}'`);
  }
  const full = branch.repositoryNameWithOwner ?? '';
  const slash = full.indexOf('/');
  if (slash <= 0 || !branch.branchName)
    throw unprocessable('Either an id or both a repositoryNameWithOwner and a branchName must be provided.'); // [I]
  const repo = findRepository(scope, full.slice(0, slash), full.slice(slash + 1));
  return { repo, name: branch.branchName.replace(/^refs\/heads\//, '') };
}

/** Push-style refusal for workflow files, by actor kind (docs/github-behaviour.md#workflows-gate wording; its use on this mutation is [I]). */
function workflowRefusal(scope: RequestScope, path: string): GitHubGraphQLError {
  const who =
    scope.actor.kind === 'installation'
      ? 'a GitHub App'
      : scope.actor.kind === 'oauth'
        ? 'an OAuth App'
        : 'a Personal Access Token';
  const needs = scope.actor.kind === 'installation' ? '`workflows` permission' : '`workflow` scope';
  return new GitHubGraphQLError(
    'FORBIDDEN',
    `refusing to allow ${who} to create or update workflow \`${path}\` without ${needs}`,
  );
}

/**
 * `createCommitOnBranch` (docs/github-behaviour.md#commit-signatures): appends one commit to an existing branch, authored by the
 * token's account (an App's bot), committed and signed by GitHub (web-flow), so `verified: true, reason: "valid"`.
 * Moves the branch; sends no webhook.
 */
function createCommitOnBranch(_root: unknown, args: Record<string, unknown>, scope: RequestScope): Payload {
  const input = (args.input ?? {}) as Input;
  const { repo, name } = targetBranch(scope, input.branch ?? {});
  requireMutationWrite(scope, repo, MUTATION);
  const head = repo.branches.get(name);
  // [I] GitHub's text for a missing branch is unrecorded.
  if (!head)
    throw new GitHubGraphQLError(
      'NOT_FOUND',
      `A ref named "refs/heads/${name}" does not exist in ${repo.ownerLogin}/${repo.name}.`,
    );
  const expected = String(input.expectedHeadOid ?? '').toLowerCase();
  // [I] wording as reported by users of the mutation; the `type` is our choice.
  if (!OID.test(expected) || expected !== head)
    throw new GitHubGraphQLError(
      'STALE_DATA',
      `Expected branch to point to "${expected}" but it did not. Pull and try again.`,
    );
  const additions = input.fileChanges?.additions ?? [];
  const deletions = input.fileChanges?.deletions ?? [];
  const size =
    additions.reduce((n, a) => n + a.contents.length + a.path.length, 0) +
    deletions.reduce((n, d) => n + d.path.length, 0);
  const max = scope.ctx.limits.graphql.commitMaxBytes;
  // [I] GitHub documents no bound for this mutation; the emulator refuses payloads above a configurable one.
  if (size > max)
    throw unprocessable(`The commit is too large: its file changes total ${size} bytes, more than ${max}.`);
  const headCommit = repo.store.commit(head);
  if (!headCommit) throw new Error(`head ${head} of ${name} is missing`);
  const touched = [...additions.map((a) => a.path), ...deletions.map((d) => d.path)];
  const workflow = touched.find(isWorkflowPath);
  // [I] checked on the paths named, like the push hook on the changed files.
  if (workflow && !hasWorkflowWrite(scope.actor)) throw workflowRefusal(scope, workflow);
  const changes: TreeChange[] = [];
  for (const d of deletions) {
    const entry = lookupPath(repo.store, headCommit.tree, d.path);
    // [I] the text reported for deleting a missing path.
    if (!entry || entry.mode === '40000')
      throw unprocessable(`A path was requested for deletion which does not exist as of commit oid \`${head}\``);
    changes.push({ path: d.path, mode: entry.mode, type: typeForMode(entry.mode), sha: null });
  }
  for (const a of additions) {
    const existing = lookupPath(repo.store, headCommit.tree, a.path);
    // The mutation cannot set modes: [I] a replaced executable stays executable, anything else becomes 100644.
    const mode = existing?.mode === '100755' ? '100755' : '100644';
    changes.push({ path: a.path, mode, type: 'blob', sha: repo.store.putBlob(Buffer.from(a.contents, 'base64')) });
  }
  let tree: string;
  try {
    tree = applyTreeChanges(repo.store, headCommit.tree, changes);
  } catch (err) {
    if (err instanceof TreeChangeError) throw unprocessable(`Invalid file change: ${err.message}`); // [I]
    throw err;
  }
  const now = Math.floor(scope.ctx.state.now() / 1000);
  const headline = input.message?.headline ?? '';
  const body = input.message?.body ?? '';
  const message = body === '' ? headline : `${headline}\n\n${body}`;
  const author = actorSignature(scope.ctx.state, scope.actor, now);
  const sha = repo.store.putCommit(
    { tree, parents: [head], author, committer: { ...WEB_FLOW, time: now, tz: '+0000' }, message },
    true,
  );
  repo.branches.set(name, sha);
  repo.pushedAt = scope.ctx.state.nowIso();
  announcePush(scope.ctx, repo, {
    branch: name,
    before: head,
    after: sha,
    senderLogin: actingUser(scope.ctx.state, scope.actor)?.login ?? repo.ownerLogin,
  });
  return {
    clientMutationId: input.clientMutationId ?? null,
    commit: gitObjectNode(repo, sha),
    ref: { repo, name, prefix: 'refs/heads/', oid: sha },
  };
}

export const mutationResolvers: TypeResolvers<unknown> = { createCommitOnBranch };

export const createCommitOnBranchPayloadResolvers = plainFields<Payload>('clientMutationId', 'commit', 'ref');
