import { z } from 'zod';
import { FINDINGS_ISSUE_LABEL, isFindingsIssue, type FindingsIssue } from './findings-issue.js';
import { REPOSITORY_SNAPSHOT_QUERY } from './graphql/repository-snapshot-query.js';
import type { GitHubClient } from './octokit-factory.js';

const oid = z.string().regex(/^[0-9a-f]{40}$/);
const commitTarget = z.object({
  oid,
  message: z.string().optional(),
  tree: z.object({ oid }).optional(),
  parents: z.object({ nodes: z.array(z.object({ oid })) }).optional(),
});

/** The snapshot query's answer, validated: GitHub's data is input like any other. */
export const repositorySnapshotResponseSchema = z.object({
  repository: z.object({
    nameWithOwner: z.string(),
    url: z.string(),
    isPrivate: z.boolean(),
    isArchived: z.boolean(),
    hasIssuesEnabled: z.boolean(),
    viewerPermission: z.string().nullable(),
    defaultBranchRef: z.object({ name: z.string(), target: commitTarget }).nullable(),
    workBranch: z.object({ name: z.string(), target: commitTarget }).nullable(),
    pullRequests: z.object({
      nodes: z.array(
        z.object({
          number: z.number().int(),
          url: z.string(),
          title: z.string(),
          body: z.string(),
          isDraft: z.boolean(),
          headRefName: z.string(),
          headRefOid: oid,
          baseRefName: z.string(),
          headRepository: z.object({ nameWithOwner: z.string() }).nullable(),
        }),
      ),
    }),
    closedPullRequests: z.object({
      nodes: z.array(
        z.object({
          number: z.number().int(),
          url: z.string(),
          state: z.enum(['OPEN', 'CLOSED', 'MERGED']),
          body: z.string(),
          headRepository: z.object({ nameWithOwner: z.string() }).nullable(),
        }),
      ),
    }),
    // Absent unless asked for; null when the credential may not read issues (the error says why).
    findingsIssues: z
      .object({
        nodes: z.array(z.object({ number: z.number().int(), url: z.string(), title: z.string(), body: z.string() })),
      })
      .nullable()
      .optional(),
  }),
});

export interface OpenPull {
  number: number;
  url: string;
  title: string;
  body: string;
  draft: boolean;
  headOid: string;
  base: string;
}

/** Rampart's latest closed pull request from its branch: merged, or closed without merging (declined). */
export interface ClosedPull {
  number: number;
  url: string;
  merged: boolean;
  /** The body as GitHub holds it: Rampart's bodies name the change set they carried. */
  body: string;
}

export interface RepositorySnapshot {
  repository: string;
  /** The repository's page on GitHub (https://github.com/owner/name). */
  url: string;
  archived: boolean;
  issuesEnabled: boolean;
  /** Null for an empty repository: nothing to harden. */
  defaultBranch: { name: string; headOid: string; treeOid: string } | null;
  /** Rampart's branch; `message` is its head commit's, which tells Rampart's own commit from someone else's. */
  workBranch: { headOid: string; treeOid: string; parentOids: string[]; message: string } | null;
  openPull: OpenPull | null;
  lastClosedPull: ClosedPull | null;
  /**
   * Only when asked for: Rampart's open findings issue (null: none), or why it could not be read (the credential
   * lacks Issues read).
   */
  findingsIssue?: FindingsIssue | null | { unreadable: string };
}

export interface SnapshotOptions {
  /** Read Rampart's open findings issue too. */
  withIssues?: boolean;
}

/**
 * One GraphQL read: default branch head and tree, Rampart's branch, Rampart's open and latest closed pull requests
 * from it, and (when asked) its open findings issue.
 */
export async function readRepositorySnapshot(
  client: GitHubClient,
  repository: string,
  branch: string,
  options: SnapshotOptions = {},
): Promise<RepositorySnapshot> {
  const [owner, name] = repository.split('/') as [string, string];
  const variables = {
    owner,
    name,
    branchRef: `refs/heads/${branch}`,
    branchName: branch,
    withIssues: options.withIssues === true,
    issueLabel: FINDINGS_ISSUE_LABEL,
  };
  let raw: unknown;
  let issuesProblem: string | undefined;
  try {
    raw = await client.graphql(REPOSITORY_SNAPSHOT_QUERY, variables);
  } catch (err) {
    // Refused on the issues alone (a token without Issues read). The connection is non-null, so GitHub nulls the
    // whole repository: read it again without the issues (only issue mode with such a token pays this request).
    const problem = issuesOnlyFailure(err);
    if (problem === null) throw err;
    issuesProblem = problem;
    raw = await client.graphql(REPOSITORY_SNAPSHOT_QUERY, { ...variables, withIssues: false });
  }
  const repo = repositorySnapshotResponseSchema.parse(raw).repository;
  const head = repo.defaultBranchRef;
  const work = repo.workBranch;
  // A pull request from a fork with the same branch name is not Rampart's.
  const ours = (p: { headRepository: { nameWithOwner: string } | null }) =>
    p.headRepository?.nameWithOwner.toLowerCase() === repository.toLowerCase();
  const pull = repo.pullRequests.nodes.find(ours);
  const closed = repo.closedPullRequests.nodes.find(ours);
  const issue = repo.findingsIssues?.nodes.find((i) => isFindingsIssue(i.body));
  return {
    repository: repo.nameWithOwner,
    url: repo.url,
    archived: repo.isArchived,
    issuesEnabled: repo.hasIssuesEnabled,
    defaultBranch: head?.target.tree
      ? { name: head.name, headOid: head.target.oid, treeOid: head.target.tree.oid }
      : null,
    workBranch: work?.target.tree
      ? {
          headOid: work.target.oid,
          treeOid: work.target.tree.oid,
          parentOids: work.target.parents?.nodes.map((n) => n.oid) ?? [],
          message: work.target.message ?? '',
        }
      : null,
    openPull: pull
      ? {
          number: pull.number,
          url: pull.url,
          title: pull.title,
          body: pull.body,
          draft: pull.isDraft,
          headOid: pull.headRefOid,
          base: pull.baseRefName,
        }
      : null,
    lastClosedPull: closed
      ? { number: closed.number, url: closed.url, merged: closed.state === 'MERGED', body: closed.body }
      : null,
    ...(options.withIssues
      ? {
          findingsIssue: issuesProblem
            ? { unreadable: issuesProblem }
            : issue
              ? { number: issue.number, url: issue.url, title: issue.title, body: issue.body }
              : null,
        }
      : {}),
  };
}

/** GitHub's words when Octokit's GraphqlResponseError is only about the findings issues; null otherwise. */
function issuesOnlyFailure(err: unknown): string | null {
  const e = err as { name?: string; errors?: Array<{ path?: unknown[]; message?: string }> };
  if (e?.name !== 'GraphqlResponseError' || !Array.isArray(e.errors) || e.errors.length === 0) return null;
  if (!e.errors.every((x) => Array.isArray(x.path) && x.path.includes('findingsIssues'))) return null;
  return e.errors[0]?.message ?? 'the issues could not be read';
}
