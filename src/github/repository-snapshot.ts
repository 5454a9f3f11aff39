import { z } from 'zod';
import { REPOSITORY_SNAPSHOT_QUERY } from './graphql/repository-snapshot-query.js';
import type { GitHubClient } from './octokit-factory.js';

const oid = z.string().regex(/^[0-9a-f]{40}$/);
const commitTarget = z.object({ oid, tree: z.object({ oid }).optional(), parents: z.object({ nodes: z.array(z.object({ oid })) }).optional() });

/** The snapshot query's answer, validated: GitHub's data is input like any other. */
export const repositorySnapshotResponseSchema = z.object({
  repository: z.object({
    nameWithOwner: z.string(),
    isPrivate: z.boolean(),
    isArchived: z.boolean(),
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

export interface RepositorySnapshot {
  repository: string;
  archived: boolean;
  /** Null for an empty repository: nothing to harden. */
  defaultBranch: { name: string; headOid: string; treeOid: string } | null;
  workBranch: { headOid: string; treeOid: string; parentOids: string[] } | null;
  openPull: OpenPull | null;
}

/** One GraphQL read: default branch head and tree, Rampart's branch, and Rampart's open pull request from it. */
export async function readRepositorySnapshot(client: GitHubClient, repository: string, branch: string): Promise<RepositorySnapshot> {
  const [owner, name] = repository.split('/') as [string, string];
  const raw = await client.graphql(REPOSITORY_SNAPSHOT_QUERY, { owner, name, branchRef: `refs/heads/${branch}`, branchName: branch });
  const repo = repositorySnapshotResponseSchema.parse(raw).repository;
  const head = repo.defaultBranchRef;
  const work = repo.workBranch;
  // A pull request from a fork with the same branch name is not Rampart's.
  const pull = repo.pullRequests.nodes.find((p) => p.headRepository?.nameWithOwner.toLowerCase() === repository.toLowerCase());
  return {
    repository: repo.nameWithOwner,
    archived: repo.isArchived,
    defaultBranch: head?.target.tree ? { name: head.name, headOid: head.target.oid, treeOid: head.target.tree.oid } : null,
    workBranch: work?.target.tree
      ? { headOid: work.target.oid, treeOid: work.target.tree.oid, parentOids: work.target.parents?.nodes.map((n) => n.oid) ?? [] }
      : null,
    openPull: pull
      ? { number: pull.number, url: pull.url, title: pull.title, body: pull.body, draft: pull.isDraft, headOid: pull.headRefOid, base: pull.baseRefName }
      : null,
  };
}
