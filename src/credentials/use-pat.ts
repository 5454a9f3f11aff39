import { ZodError } from 'zod';
import { AppError } from '../errors.js';
import { classifyGitHubError } from '../github/classify-github-error.js';
import { listRepositories, type RepositoryList } from '../github/list-repositories.js';
import {
  ProbeAbortedError,
  probeRepositoryAccess,
  TokenRejectedError,
  type RepositoryAccess,
} from '../github/probe-repository-access.js';
import type { AuditActor } from '../store/audit-store.js';
import { githubFailure } from './github-failure.js';
import { openPatClient, type PatClient } from './pat-client.js';
import type { PatDeps } from './pat-deps.js';

const SAVED_PAT = 'the saved GitHub PAT';

async function requirePat(deps: PatDeps, accountId: string, actor: AuditActor): Promise<PatClient> {
  const pat = await openPatClient(deps, accountId, actor);
  if (!pat)
    throw new AppError(
      404,
      'pat_not_found',
      'No GitHub PAT is saved for your account; save one with PUT /api/v1/me/github-pat first.',
    );
  return pat;
}

export interface PatCheck {
  kind: 'classic' | 'fine-grained';
  login: string;
  repositories: RepositoryAccess[];
}

/** Per repository, what the saved PAT can do, probed without side effects. Repositories are probed one at a time (GitHub asks for serial requests). */
export async function checkPat(
  deps: PatDeps,
  accountId: string,
  repositories: string[],
  actor: AuditActor,
): Promise<PatCheck> {
  const pat = await requirePat(deps, accountId, actor);
  await deps.store.credentials.recordUse(accountId, actor, { purpose: 'check', repositories: repositories.length });
  const results: RepositoryAccess[] = [];
  try {
    for (const repository of repositories)
      results.push(await probeRepositoryAccess(pat.client, repository, pat.record.kind));
  } catch (err) {
    if (err instanceof TokenRejectedError) {
      throw new AppError(
        422,
        'github_rejected_token',
        `GitHub no longer accepts the saved PAT (401 ${err.message}): it expired or was revoked. Save a new one.`,
      );
    }
    if (err instanceof ProbeAbortedError) throw githubFailure(err.github, SAVED_PAT);
    throw err;
  }
  return { kind: pat.record.kind, login: pat.record.login, repositories: results };
}

export async function listPatRepositories(
  deps: PatDeps,
  accountId: string,
  actor: AuditActor,
): Promise<RepositoryList> {
  const pat = await requirePat(deps, accountId, actor);
  await deps.store.credentials.recordUse(accountId, actor, { purpose: 'list-repositories' });
  try {
    return await listRepositories(pat.client);
  } catch (err) {
    if (err instanceof ZodError)
      throw new AppError(502, 'github_unavailable', "GitHub's repository list did not have the expected shape.");
    throw githubFailure(classifyGitHubError(err), SAVED_PAT);
  }
}
