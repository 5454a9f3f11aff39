import type { Quirks } from '../context.js';
import { ApiError, notFound } from '../http/api-error.js';
import type { ObjectStore } from '../git/object-store.js';
import { flattenTree } from '../git/tree-ops.js';
import type { Actor, Repo } from '../model.js';
import { levelAtLeast } from '../model.js';
import { forbidden, hasScope } from './permissions.js';

export const WORKFLOW_DIR = '.github/workflows/';
const REF_PERMISSIONS = 'contents=write; contents=write,workflows=write';

export function isWorkflowPath(path: string): boolean {
  return path.startsWith(WORKFLOW_DIR);
}

/** Whether the token may create or update workflow files. */
export function hasWorkflowWrite(actor: Actor): boolean {
  switch (actor.kind) {
    case 'classic':
    case 'oauth':
      return hasScope(actor.token.scopes, 'workflow');
    case 'fine-grained':
    case 'installation':
      return levelAtLeast(actor.token.permissions.workflows, 'write');
    default:
      return false;
  }
}

/** path → blob id of every file under `.github/workflows/` in a tree. */
export function workflowFiles(store: ObjectStore, treeSha: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!treeSha) return out;
  for (const [path, leaf] of flattenTree(store, treeSha)) if (isWorkflowPath(path)) out.set(path, leaf.sha);
  return out;
}

function branchTrees(repo: Repo): string[] {
  const trees: string[] = [];
  for (const sha of repo.branches.values()) {
    const tree = repo.store.commit(sha)?.tree;
    if (tree) trees.push(tree);
  }
  return trees;
}

/**
 * Gate at `POST /git/trees` (docs/github-behaviour.md#workflows-gate): a tree whose workflow files differ from `base_tree`
 * needs `workflow` scope / Workflows write ([I] docs/github-behaviour.md#permission-checks suggests this as the Workflows probe for
 * fine-grained and App tokens: it moves no ref). Classic and OAuth tokens keep GitHub's documented quirk:
 * a workflow file passes if the same path with the same contents exists on another branch.
 */
export function treeGate(
  actor: Actor,
  repo: Repo,
  baseTree: string | null,
  newTree: string,
  docs: string,
  quirks: Quirks,
): void {
  if (hasWorkflowWrite(actor)) return;
  const before = workflowFiles(repo.store, baseTree);
  const after = workflowFiles(repo.store, newTree);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p));
  if (changed.length === 0) return;
  switch (actor.kind) {
    case 'classic':
    case 'oauth': {
      const branches = branchTrees(repo).map((t) => workflowFiles(repo.store, t));
      const exempt = (p: string) => branches.some((b) => b.get(p) === after.get(p));
      if (changed.every(exempt)) return;
      // Observed: 404 with the create-a-tree docs link.
      throw notFound(docs);
    }
    case 'fine-grained':
      // [I] unobserved; 403 "…by personal access token" unless the quirk moves the failure to the ref update.
      if (quirks.fineGrainedWorkflowTrees === 'allow') return;
      throw new ApiError(403, 'Resource not accessible by personal access token', {
        docs,
        headers: { 'x-accepted-github-permissions': 'contents=write,workflows=write' },
      });
    default:
      // Observed for Apps: 403 "Resource not accessible by integration".
      throw forbidden(actor, docs);
  }
}

/**
 * Gate at ref create/update (docs/github-behaviour.md#workflows-gate emulator rule): moving a branch to a commit whose
 * workflow files differ from those of every existing branch needs the Workflows permission.
 * A branch at any existing branch's commit therefore always passes.
 */
export function refGate(actor: Actor, repo: Repo, commitSha: string, docs: string): void {
  if (hasWorkflowWrite(actor)) return;
  const tree = repo.store.commit(commitSha)?.tree ?? null;
  const target = workflowFiles(repo.store, tree);
  const same = (other: Map<string, string>) =>
    other.size === target.size && [...target].every(([p, sha]) => other.get(p) === sha);
  if (branchTrees(repo).some((t) => same(workflowFiles(repo.store, t)))) return;
  if (repo.branches.size === 0 && target.size === 0) return;
  switch (actor.kind) {
    case 'fine-grained':
      // Observed (microsoft/winget-create#595): 500 with an empty body and the accepted-permissions header.
      throw new ApiError(500, '', { emptyBody: true, headers: { 'x-accepted-github-permissions': REF_PERMISSIONS } });
    case 'classic':
    case 'oauth':
      // [I] like the release endpoint (cli/cli#9773), classic/OAuth tokens get 404 on ref-moving endpoints.
      throw notFound(docs);
    default:
      // [I] Apps: the same 403 as at tree creation.
      throw forbidden(actor, docs);
  }
}

/** `PUT /contents/.github/workflows/…` without the permission: 404 for classic/OAuth (observed), 403 otherwise [I]. */
export function contentsGate(actor: Actor, path: string, docs: string): void {
  if (!isWorkflowPath(path) || hasWorkflowWrite(actor)) return;
  if (actor.kind === 'classic' || actor.kind === 'oauth') throw notFound(docs);
  throw forbidden(actor, docs);
}
