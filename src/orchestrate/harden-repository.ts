import { harden } from '../harden/harden.js';
import type { ActionResolver } from '../harden/resolver/action-resolver.js';
import type { ImageResolver } from '../harden/resolver/image-resolver.js';
import { commitToBranch } from '../github/commit-to-branch.js';
import { ensurePullRequest } from '../github/ensure-pull-request.js';
import type { GitHubClient } from '../github/octokit-factory.js';
import { commitOnBranch, SignedCommitUnavailable } from '../github/commit-on-branch.js';
import { readBlobs, readHardeningFiles } from '../github/read-hardening-files.js';
import { memoizeResolver } from '../harden/resolver/action-resolver.js';
import { failOnUnavailable } from './fail-on-unavailable.js';
import { readRepositorySnapshot, type RepositorySnapshot } from '../github/repository-snapshot.js';
import { treeAfterChanges, type ListedTreeEntry } from '../github/tree-after-changes.js';
import { changeFingerprint } from './change-fingerprint.js';
import { findDeclined, type DeclinedChanges } from './declined-changes.js';
import { egressApplied, engineOptions, type OrchestrateOptions } from './orchestrate-options.js';
import { pullRequestBody } from './pull-request-body.js';
import { commitMessage, isRampartCommit } from './commit-message.js';
import { applyFindingsIssue, planFindingsIssue, type FindingsIssueRef } from './report-findings-issue.js';
import {
  fileErrors,
  listChanges,
  listFindings,
  needsReview,
  type RepositoryChange,
  type RepositoryFinding,
} from './repository-findings.js';

export type { RepositoryChange, RepositoryFinding } from './repository-findings.js';
export type { DeclinedChanges } from './declined-changes.js';

/** The commit made this time; `verified` when GitHub signed it (createCommitOnBranch), with why not otherwise. */
export interface CommitMade {
  oid: string;
  verified: boolean;
  unsignedReason?: string;
}

export interface PullRequestRef {
  number: number;
  url: string;
  state: 'open' | 'merged' | 'declined';
}

export type RepositoryOutcomeStatus = 'pr-opened' | 'pr-updated' | 'up-to-date' | 'clean' | 'needs-review' | 'declined';

export interface HardenRepositoryOutcome {
  status: RepositoryOutcomeStatus;
  /** Every finding, fixed or not. */
  findings: RepositoryFinding[];
  /** The fixed ones, as changes per file. */
  changes: RepositoryChange[];
  /** What the status means here, in words. */
  note?: string;
  pullRequest?: PullRequestRef;
  commit?: CommitMade;
  issue?: FindingsIssueRef;
  /** The default branch's files as read, on GitHub: `<sourceUrl>/<path>#L<line>`. */
  sourceUrl?: string;
}

export interface HardenRepositoryInput {
  repository: string;
  options: OrchestrateOptions;
  resolver: ActionResolver;
  /** Container registries, for image digests; without it unpinned images are reported. */
  imageResolver?: ImageResolver;
  /** Change sets closed without merging; without it only the latest closed pull request is known. */
  declined?: DeclinedChanges;
  /** Told how many writes are about to be sent, so they can wait for (or give way to) GitHub's limit together. */
  beforeWrites?: (count: number) => void;
}

/**
 * One repository, end to end, with one credential: 3 reads (snapshot, tree, blobs; a 4th only for local scripts or a
 * package.json the engine asks for to judge a command that may push), the engine, and — only when the
 * result differs from what Rampart's branch already holds — 2 writes for a signed commit (branch at the base, then
 * createCommitOnBranch; 3 unsigned over the Git Data API when it cannot be signed) and 1 for the pull request, plus 1
 * for the findings issue when findings go to one and it must change. Nothing is written for changes someone closed
 * without merging before. Every step is safe to repeat, so a retry after a crash converges on one branch, one pull
 * request and one issue.
 */
export async function hardenRepository(
  client: GitHubClient,
  input: HardenRepositoryInput,
): Promise<HardenRepositoryOutcome> {
  const { repository, options } = input;
  const snapshot = await readRepositorySnapshot(client, repository, options.branch, {
    withIssues: options.report_findings === 'issue',
  });
  const none = { findings: [], changes: [] };
  if (!snapshot.defaultBranch) return { status: 'clean', note: 'the repository is empty', ...none };
  if (snapshot.archived) return { status: 'clean', note: 'the repository is archived (read-only)', ...none };
  const base = snapshot.defaultBranch;
  const { files, listing } = await readHardeningFiles(client, repository, base.treeOid);
  const watch = failOnUnavailable(input.resolver);
  const resolver = memoizeResolver(watch.resolver);
  const engine = engineOptions(options);
  let result = await harden({
    files,
    options: engine,
    resolver,
    ...(input.imageResolver ? { imageResolver: input.imageResolver } : {}),
  });
  // A fourth read only when a command the engine could not judge runs a script or package.json the repository has.
  const wanted = new Set(result.wanted);
  const scripts =
    wanted.size > 0
      ? await readBlobs(client, repository, listing, (path) => wanted.has(path))
      : new Map<string, Uint8Array>();
  if (scripts.size > 0)
    result = await harden({
      files: new Map([...files, ...scripts]),
      options: engine,
      resolver,
      ...(input.imageResolver ? { imageResolver: input.imageResolver } : {}),
    });
  watch.throwIfAny();

  const findings = listFindings(result.report);
  const changes = listChanges(result.report);
  // Findings left for a person; `info` ones (a step Rampart could not take, a check it could not make) are listed, not reviewed.
  const review = findings.filter(needsReview);
  const errors = fileErrors(result.report);
  const issuePlan = planFindingsIssue(snapshot, base.name, review, errors);
  const known = { findings, changes, sourceUrl: `${snapshot.url}/blob/${base.headOid}` };
  const notes: string[] = [];
  const say = (note: string | undefined) => note && notes.push(note);
  const noted = () => (notes.length > 0 ? { note: notes.join('; ') } : {});
  const leftAlone = snapshot.openPull
    ? { pullRequest: { number: snapshot.openPull.number, url: snapshot.openPull.url, state: 'open' as const } }
    : lastPull(snapshot);

  if (result.changes.size === 0) {
    if (issuePlan.writes > 0) input.beforeWrites?.(issuePlan.writes);
    const { issue, note } = await applyFindingsIssue(client, repository, issuePlan);
    const status = review.length > 0 || errors.length > 0 ? 'needs-review' : 'clean';
    say(
      files.size === 0
        ? 'no workflow or action files were found'
        : status === 'clean'
          ? 'the workflows need no changes'
          : `nothing Rampart can change; ${review.length + errors.length} finding(s) to review`,
    );
    say(note);
    return { status, ...known, ...leftAlone, ...(issue ? { issue } : {}), ...noted() };
  }

  const fingerprint = changeFingerprint(new Map([...files, ...scripts]), result.changes);
  if (!snapshot.openPull) {
    const declined = await findDeclined(input.declined, snapshot, fingerprint);
    if (declined.match) {
      if (issuePlan.writes > 0) input.beforeWrites?.(issuePlan.writes);
      const { issue, note } = await applyFindingsIssue(client, repository, issuePlan);
      say(
        `pull request #${declined.match.number} with these same changes was closed without merging, so Rampart does not offer them again; it opens a new pull request when the changes differ (reopen #${declined.match.number} to take them after all)`,
      );
      say(note);
      return {
        status: 'declined',
        ...known,
        pullRequest: { ...declined.match, state: 'declined' },
        ...(issue ? { issue } : {}),
        ...noted(),
      };
    }
    if (declined.previous)
      say(
        `pull request #${declined.previous.number} was closed without merging; these changes differ from its, so this is a new pull request`,
      );
  }

  const wantTree = treeAfterChanges(listing, result.changes);
  const work = snapshot.workBranch;
  const branchCurrent =
    work !== null && work.treeOid === wantTree && work.parentOids.length === 1 && work.parentOids[0] === base.headOid;
  // Someone pushed to Rampart's branch: resetting it would throw their commit away, so leave it and say so.
  if (!branchCurrent && work !== null && work.headOid !== base.headOid && !isRampartCommit(work.message)) {
    const where = snapshot.openPull
      ? `pull request #${snapshot.openPull.number} (branch ${options.branch})`
      : `branch ${options.branch}`;
    return {
      status: 'needs-review',
      ...known,
      ...leftAlone,
      note: `left as it is: commit ${work.headOid.slice(0, 7)} on ${where} is not Rampart's, and Rampart never overwrites someone else's commit; merge or close the pull request, or delete the branch, and the next run brings its changes up to date`,
    };
  }
  const unsignable = unsignedReason(listing, result.changes);
  const commitWrites = branchCurrent ? 0 : unsignable ? 3 : work?.headOid === base.headOid ? 1 : 2;
  input.beforeWrites?.(commitWrites + 1 + issuePlan.writes);
  // The issue first, so the pull request body can name it.
  const { issue, note: issueNote } = await applyFindingsIssue(client, repository, issuePlan);
  let commit: CommitMade | undefined;
  if (!branchCurrent) {
    const message = commitMessage(options.pr_title, changes);
    const rest = () =>
      commitToBranch(client, {
        repository,
        branch: options.branch,
        baseOid: base.headOid,
        baseTreeOid: base.treeOid,
        listing,
        changes: result.changes,
        message,
        branchExists: work !== null,
      });
    if (unsignable) commit = { oid: await rest(), verified: false, unsignedReason: unsignable };
    else {
      try {
        commit = {
          oid: await commitOnBranch(client, {
            repository,
            branch: options.branch,
            baseOid: base.headOid,
            changes: result.changes,
            message,
            workHeadOid: work?.headOid ?? null,
          }),
          verified: true,
        };
      } catch (err) {
        if (!(err instanceof SignedCommitUnavailable)) throw err;
        commit = { oid: await rest(), verified: false, unsignedReason: err.message };
      }
    }
  }
  const pr = await ensurePullRequest(client, {
    repository,
    branch: options.branch,
    base: base.name,
    title: options.pr_title,
    // With the branch already current, the body says what this path makes, so a re-run writes the same body.
    body: pullRequestBody(result.report, {
      commit: commit ?? { verified: !unsignable, ...(unsignable ? { unsignedReason: unsignable } : {}) },
      reportFindings: options.report_findings,
      issue: issue?.state === 'open' ? issue : undefined,
      egress: {
        requested: options.harden.hardenRunner.egressPolicy,
        applied: egressApplied(options),
        endpoints: engine.hardenRunner.allowedEndpoints,
      },
      fingerprint,
    }),
    draft: options.draft,
    existing: snapshot.openPull,
  });
  if (options.draft && snapshot.openPull && !snapshot.openPull.draft) {
    say(
      `pull request #${snapshot.openPull.number} is not a draft, and Rampart leaves it as it is (it does not turn an open pull request into a draft)`,
    );
  }
  say(issueNote);
  const pullRequest = { number: pr.number, url: pr.url, state: 'open' as const };
  const made = { ...(commit ? { commit } : {}), ...(issue ? { issue } : {}) };
  if (pr.action === 'opened') return { status: 'pr-opened', ...known, pullRequest, ...made, ...noted() };
  if (pr.action === 'updated' || !branchCurrent)
    return { status: 'pr-updated', ...known, pullRequest, ...made, ...noted() };
  notes.unshift(`pull request #${pr.number} already holds these changes`);
  return { status: 'up-to-date', ...known, pullRequest, ...made, ...noted() };
}

/** Rampart's latest pull request, merged or declined, when none is open: results keep pointing at it. */
function lastPull(snapshot: RepositorySnapshot): { pullRequest?: PullRequestRef } {
  const last = snapshot.lastClosedPull;
  return last
    ? { pullRequest: { number: last.number, url: last.url, state: last.merged ? 'merged' : 'declined' } }
    : {};
}

/** createCommitOnBranch cannot set file modes [I]: an executable file among the changes keeps its mode only over REST. */
function unsignedReason(
  listing: readonly ListedTreeEntry[],
  changes: ReadonlyMap<string, Uint8Array>,
): string | undefined {
  const executable = listing.find((e) => e.mode === '100755' && changes.has(e.path));
  return executable ? `${executable.path} is executable, and a signed commit cannot keep its file mode` : undefined;
}
