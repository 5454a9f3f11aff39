import { z } from 'zod';
import { classifyGitHubError } from './classify-github-error.js';
import { moveBranch } from './commit-to-branch.js';
import type { GitHubClient } from './octokit-factory.js';

/** GitHub signs (web-flow, "Verified") commits made by this mutation, for PATs and App tokens alike. */
const CREATE_COMMIT_ON_BRANCH = /* GraphQL */ `
  mutation RampartCommit($input: CreateCommitOnBranchInput!) {
    createCommitOnBranch(input: $input) {
      commit {
        oid
      }
    }
  }
`;

const mutationResponse = z.object({
  createCommitOnBranch: z.object({ commit: z.object({ oid: z.string().regex(/^[0-9a-f]{40}$/) }) }),
});

export interface SignedCommitRequest {
  repository: string;
  branch: string;
  /** The default branch head the commit is based on. */
  baseOid: string;
  changes: ReadonlyMap<string, Uint8Array>;
  message: string;
  /** Where Rampart's branch points now (from the snapshot), or null when it does not exist. */
  workHeadOid: string | null;
}

/** Why the signed path cannot be taken; the caller then commits through the Git Data API, unsigned. */
export class SignedCommitUnavailable extends Error {
  override name = 'SignedCommitUnavailable';
}

/**
 * Two writes: the branch set to the default branch head (created, or moved there; none when it is there already),
 * then one `createCommitOnBranch` with `expectedHeadOid`, so a branch that moved in between fails instead of being
 * overwritten. Safe to repeat: a retry finds the branch at the base (no write) or holding this commit already (the
 * caller compares trees before calling). GitHub's answer for a missing Workflows permission and for a mutation that is
 * too large are inferred (docs/github-behaviour.md#commit-signatures).
 */
export async function commitOnBranch(client: GitHubClient, req: SignedCommitRequest): Promise<string> {
  const [owner, repo] = req.repository.split('/') as [string, string];
  if (req.workHeadOid !== req.baseOid)
    await moveBranch(client, owner, repo, req.branch, req.baseOid, req.workHeadOid !== null);
  const [headline = '', ...rest] = req.message.split('\n');
  const input = {
    branch: { repositoryNameWithOwner: req.repository, branchName: req.branch },
    expectedHeadOid: req.baseOid,
    message: { headline, body: rest.join('\n').trim() },
    fileChanges: {
      additions: [...req.changes].map(([path, bytes]) => ({ path, contents: Buffer.from(bytes).toString('base64') })),
    },
  };
  try {
    const data = await client.graphql(CREATE_COMMIT_ON_BRANCH, { input });
    return mutationResponse.parse(data).createCommitOnBranch.commit.oid;
  } catch (err) {
    const c = classifyGitHubError(err);
    if (c.kind === 'validation' && /too large|exceed/i.test(c.message))
      throw new SignedCommitUnavailable(`the change is too large for one signed commit (${c.message})`);
    throw err;
  }
}
