import { harden } from '../harden/harden.js';
import type { ActionResolver } from '../harden/resolver/action-resolver.js';
import type { HardenReport } from '../harden/types.js';
import { commitToBranch } from '../github/commit-to-branch.js';
import { ensurePullRequest } from '../github/ensure-pull-request.js';
import type { GitHubClient } from '../github/octokit-factory.js';
import { commitOnBranch, SignedCommitUnavailable } from '../github/commit-on-branch.js';
import { readBlobs, readHardeningFiles } from '../github/read-hardening-files.js';
import { memoizeResolver } from '../harden/resolver/action-resolver.js';
import { failOnUnavailable } from './fail-on-unavailable.js';
import { readRepositorySnapshot } from '../github/repository-snapshot.js';
import { treeAfterChanges, type ListedTreeEntry } from '../github/tree-after-changes.js';
import type { OrchestrateOptions } from './orchestrate-options.js';
import { pullRequestBody } from './pull-request-body.js';

export interface RepositoryChange {
  file: string;
  rule: string;
  line: number;
  message: string;
}

/** The commit made this time; `verified` when GitHub signed it (createCommitOnBranch), with why not otherwise. */
export interface CommitMade {
  oid: string;
  verified: boolean;
  unsignedReason?: string;
}

export type HardenRepositoryOutcome =
  | { status: 'unchanged'; reason: string; changes: RepositoryChange[]; pullRequest?: { number: number; url: string } }
  | { status: 'pr-opened' | 'pr-updated'; changes: RepositoryChange[]; pullRequest: { number: number; url: string }; commit?: CommitMade };

export interface HardenRepositoryInput {
  repository: string;
  options: OrchestrateOptions;
  resolver: ActionResolver;
  /** Told how many writes are about to be sent, so they can wait for (or give way to) GitHub's limit together. */
  beforeWrites?: (count: number) => void;
}

/**
 * One repository, end to end, with one credential: 3 reads (snapshot, tree, blobs; a 4th only for local scripts or a
 * package.json the engine asks for to judge a command that may push), the engine, and — only when the
 * result differs from what Rampart's branch already holds — 2 writes for a signed commit (branch at the base, then
 * createCommitOnBranch; 3 unsigned over the Git Data API when it cannot be signed) and 1 for the pull request.
 * Every step is safe to repeat, so a retry after a crash at any point converges on one branch and one pull request.
 */
export async function hardenRepository(client: GitHubClient, input: HardenRepositoryInput): Promise<HardenRepositoryOutcome> {
  const { repository, options } = input;
  const snapshot = await readRepositorySnapshot(client, repository, options.branch);
  if (!snapshot.defaultBranch) return { status: 'unchanged', reason: 'the repository is empty', changes: [] };
  if (snapshot.archived) return { status: 'unchanged', reason: 'the repository is archived (read-only)', changes: [] };
  const base = snapshot.defaultBranch;
  const { files, listing } = await readHardeningFiles(client, repository, base.treeOid);
  const watch = failOnUnavailable(input.resolver);
  const resolver = memoizeResolver(watch.resolver);
  let result = await harden({ files, options: options.harden, resolver });
  // A fourth read only when a command the engine could not judge runs a script or package.json the repository has.
  const wanted = new Set(result.wanted);
  const scripts = wanted.size > 0 ? await readBlobs(client, repository, listing, (path) => wanted.has(path)) : new Map();
  if (scripts.size > 0) result = await harden({ files: new Map([...files, ...scripts]), options: options.harden, resolver });
  watch.throwIfAny();
  const changes = listChanges(result.report);
  if (result.changes.size === 0) {
    const why = files.size === 0 ? 'no workflow or action files were found' : 'the workflows need no changes';
    return { status: 'unchanged', reason: why, changes };
  }

  const wantTree = treeAfterChanges(listing, result.changes);
  const work = snapshot.workBranch;
  const branchCurrent = work !== null && work.treeOid === wantTree && work.parentOids.length === 1 && work.parentOids[0] === base.headOid;
  const unsignable = unsignedReason(listing, result.changes);
  const commitWrites = branchCurrent ? 0 : unsignable ? 3 : work?.headOid === base.headOid ? 1 : 2;
  input.beforeWrites?.(commitWrites + 1);
  let commit: CommitMade | undefined;
  if (!branchCurrent) {
    const message = commitMessage(options.pr_title, changes);
    const rest = () => commitToBranch(client, { repository, branch: options.branch, baseOid: base.headOid, baseTreeOid: base.treeOid, listing, changes: result.changes, message, branchExists: work !== null });
    if (unsignable) commit = { oid: await rest(), verified: false, unsignedReason: unsignable };
    else {
      try {
        commit = { oid: await commitOnBranch(client, { repository, branch: options.branch, baseOid: base.headOid, changes: result.changes, message, workHeadOid: work?.headOid ?? null }), verified: true };
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
    body: pullRequestBody(result.report, commit ?? { verified: !unsignable, ...(unsignable ? { unsignedReason: unsignable } : {}) }),
    draft: options.draft,
    existing: snapshot.openPull,
  });
  const pullRequest = { number: pr.number, url: pr.url };
  const made = commit ? { commit } : {};
  if (pr.action === 'opened') return { status: 'pr-opened', changes, pullRequest, ...made };
  if (pr.action === 'updated' || !branchCurrent) return { status: 'pr-updated', changes, pullRequest, ...made };
  return { status: 'unchanged', reason: `pull request #${pr.number} already holds these changes`, changes, pullRequest };
}

function listChanges(report: HardenReport): RepositoryChange[] {
  return report.files.flatMap((f) => f.findings.filter((x) => x.fixed).map((x) => ({ file: f.path, rule: x.rule, line: x.line, message: x.message })));
}

/** createCommitOnBranch cannot set file modes [I]: an executable file among the changes keeps its mode only over REST. */
function unsignedReason(listing: readonly ListedTreeEntry[], changes: ReadonlyMap<string, Uint8Array>): string | undefined {
  const executable = listing.find((e) => e.mode === '100755' && changes.has(e.path));
  return executable ? `${executable.path} is executable, and a signed commit cannot keep its file mode` : undefined;
}

function commitMessage(title: string, changes: RepositoryChange[]): string {
  const files = new Set(changes.map((c) => c.file));
  return `${title}\n\nRampart: ${changes.length} change(s) in ${files.size} file(s).\n`;
}
