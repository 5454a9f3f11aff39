import type { EmulatorContext } from './context.js';
import { commitsBetween, pullJson, pullShas } from './json/pulls.js';
import { repositoryJson } from './json/repos.js';
import { accountRef, simpleUser } from './json/users.js';
import type { PullRequest, Repo } from './model.js';
import { announcePush } from './webhooks/push-event.js';

/** Sends `pull_request` to the configured webhook targets. */
export function announcePull(
  ctx: EmulatorContext,
  repo: Repo,
  pr: PullRequest,
  action: string,
  senderLogin: string,
): void {
  ctx.webhooks.emit(
    ctx.state,
    'pull_request',
    {
      action,
      number: pr.number,
      pull_request: pullJson(ctx, repo, pr),
      repository: repositoryJson(ctx, repo),
      sender: simpleUser(ctx, accountRef(ctx, senderLogin)),
    },
    { repo },
  );
}

export function openPull(
  ctx: EmulatorContext,
  repo: Repo,
  input: { title: string; body: string | null; headRef: string; baseRef: string; draft: boolean; authorLogin: string },
): PullRequest {
  const now = ctx.state.nowIso();
  const pr: PullRequest = {
    id: ctx.state.allocPullId(),
    number: repo.nextNumber++,
    title: input.title,
    body: input.body,
    draft: input.draft,
    state: 'open',
    headRef: input.headRef,
    baseRef: input.baseRef,
    authorLogin: input.authorLogin,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    frozenHeadSha: null,
    frozenBaseSha: null,
  };
  repo.pulls.push(pr);
  announcePull(ctx, repo, pr, 'opened', input.authorLogin);
  return pr;
}

export function closePull(ctx: EmulatorContext, repo: Repo, pr: PullRequest, senderLogin: string): void {
  if (pr.state === 'closed') return;
  const shas = pullShas(repo, pr);
  pr.frozenHeadSha = shas.head;
  pr.frozenBaseSha = shas.base;
  pr.state = 'closed';
  pr.closedAt = pr.updatedAt = ctx.state.nowIso();
  announcePull(ctx, repo, pr, 'closed', senderLogin);
}

export function reopenPull(ctx: EmulatorContext, repo: Repo, pr: PullRequest, senderLogin: string): void {
  pr.state = 'open';
  pr.closedAt = null;
  pr.updatedAt = ctx.state.nowIso();
  announcePull(ctx, repo, pr, 'reopened', senderLogin);
}

/** Why the pull request may not merge under the repository's rules, or null. */
export function mergeBlocker(repo: Repo, pr: PullRequest): string | null {
  if (!repo.requireSignedCommits) return null;
  const { head, base } = pullShas(repo, pr);
  const unsigned = commitsBetween(repo, base, head).filter((sha) => !repo.store.commit(sha)?.verified);
  // [I] the protected-branch text git push prints for this rule (GH006 "Commits must have verified signatures").
  return unsigned.length > 0 ? 'Commits must have verified signatures.' : null;
}

/**
 * Merges as the "Create a merge commit" button would. [I] The emulator does no three-way
 * merge: the merge commit takes the head's tree, which is right whenever the base has not
 * moved since the PR branch was cut (Rampart's case).
 */
export function mergePull(ctx: EmulatorContext, repo: Repo, pr: PullRequest, byLogin: string): string {
  if (pr.state !== 'open') throw new Error(`pull request #${pr.number} is not open`);
  const { head, base } = pullShas(repo, pr);
  const headCommit = repo.store.commit(head);
  if (!headCommit) throw new Error(`head of #${pr.number} is missing`);
  const time = Math.floor(ctx.state.now() / 1000);
  const user = ctx.state.user(byLogin);
  const sig = {
    name: user?.name ?? byLogin,
    email: user?.email ?? `${user?.id ?? 0}+${byLogin}@users.noreply.github.com`,
    time,
    tz: '+0000',
  };
  const merge = repo.store.putCommit(
    {
      tree: headCommit.tree,
      parents: [base, head],
      author: sig,
      committer: { name: 'GitHub', email: 'noreply@github.com', time, tz: '+0000' },
      message: `Merge pull request #${pr.number} from ${repo.ownerLogin}/${pr.headRef}\n\n${pr.title}`,
    },
    true,
  );
  repo.branches.set(pr.baseRef, merge);
  repo.pushedAt = ctx.state.nowIso();
  announcePush(ctx, repo, { branch: pr.baseRef, before: base, after: merge, senderLogin: byLogin });
  pr.frozenHeadSha = head;
  pr.frozenBaseSha = base;
  pr.state = 'closed';
  pr.mergedAt = pr.closedAt = pr.updatedAt = ctx.state.nowIso();
  pr.mergedBy = byLogin;
  pr.mergeCommitSha = merge;
  announcePull(ctx, repo, pr, 'closed', byLogin);
  return merge;
}
