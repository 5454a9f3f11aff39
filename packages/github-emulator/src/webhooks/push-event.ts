import type { EmulatorContext } from '../context.js';
import type { Signature } from '../git/object-id.js';
import { diffTrees } from '../json/git.js';
import { commitsBetween } from '../json/pulls.js';
import { repoHtmlUrl, repositoryJson } from '../json/repos.js';
import { accountRef, simpleUser } from '../json/users.js';
import type { Repo } from '../model.js';
import { isoSeconds } from '../state.js';

const ZERO_SHA = '0'.repeat(40);
/** GitHub lists at most this many commits in a push payload. */
const MAX_COMMITS = 2048;

export interface BranchMove {
  branch: string;
  /** null when the push created the branch */
  before: string | null;
  /** null when it deleted the branch */
  after: string | null;
  /** who pushed (a user, or an App's `<slug>[bot]`) */
  senderLogin: string;
}

function person(sig: Signature): Record<string, unknown> {
  return { name: sig.name, email: sig.email, date: isoSeconds(sig.time * 1000) };
}

/** A commit as push payloads describe it; [I] a merge commit lists what differs from its first parent. */
function pushCommit(ctx: EmulatorContext, repo: Repo, sha: string): Record<string, unknown> | null {
  const c = repo.store.commit(sha);
  if (!c) return null;
  const parentTree = c.parents[0] ? repo.store.commit(c.parents[0])?.tree : undefined;
  const diff = diffTrees(repo, parentTree, c.tree);
  return {
    id: sha,
    tree_id: c.tree,
    distinct: true,
    message: c.message,
    timestamp: isoSeconds(c.author.time * 1000),
    url: `${repoHtmlUrl(ctx, repo)}/commit/${sha}`,
    author: person(c.author),
    committer: person(c.committer),
    added: diff.filter((d) => d.before === undefined).map((d) => d.path),
    removed: diff.filter((d) => d.after === undefined).map((d) => d.path),
    modified: diff.filter((d) => d.before !== undefined && d.after !== undefined).map((d) => d.path),
  };
}

/**
 * Sends `push` for a branch that moved, however it moved (Git Data refs, the contents API, createCommitOnBranch, a
 * merge, the control API), as GitHub does. `commits` are those in before...after, oldest first; for a new branch,
 * those not on the default branch ([D] "a newly created ref that is directly based on the default branch").
 */
export function announcePush(ctx: EmulatorContext, repo: Repo, move: BranchMove): void {
  const { before, after } = move;
  const base = before ?? (move.branch === repo.defaultBranch ? null : (repo.branches.get(repo.defaultBranch) ?? null));
  const shas = after ? commitsBetween(repo, base ?? '', after).reverse() : [];
  const commits = shas
    .slice(-MAX_COMMITS)
    .map((sha) => pushCommit(ctx, repo, sha))
    .filter((c) => c !== null);
  const html = repoHtmlUrl(ctx, repo);
  const pusher = ctx.state.user(move.senderLogin);
  ctx.webhooks.emit(
    ctx.state,
    'push',
    {
      ref: `refs/heads/${move.branch}`,
      before: before ?? ZERO_SHA,
      after: after ?? ZERO_SHA,
      repository: repositoryJson(ctx, repo),
      pusher: { name: move.senderLogin, email: pusher?.email ?? null },
      sender: simpleUser(ctx, accountRef(ctx, move.senderLogin)),
      created: before === null,
      deleted: after === null,
      forced: before !== null && after !== null && !repo.store.isAncestor(before, after),
      base_ref: null,
      compare:
        before && after
          ? `${html}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`
          : `${html}/commit/${after ?? before ?? ''}`,
      commits,
      head_commit: after ? pushCommit(ctx, repo, after) : null,
    },
    { repo },
  );
}
