import type { GitHubRepository } from '../github/github-schemas.js';

export interface StartingCredential {
  /** What a job would try first; null when neither credential may write (the App never goes beyond the user's role). */
  credential: 'pat' | null;
  /** One sentence on why, for the Repositories page and API callers. */
  note: string;
}

/** Why no credential may write to a repository, from GitHub's repository list alone; null when one may. */
export function whyUnwritable(repo: GitHubRepository): string | null {
  if (repo.archived) return 'Archived: GitHub refuses every write until it is unarchived.';
  // `permissions` is the user's role; without it (rare) GitHub decides at run time.
  if (repo.permissions && !repo.permissions.push && !repo.permissions.admin)
    return 'You can only read this repository, and Rampart never writes where you could not.';
  return null;
}

/**
 * Predicts, from GitHub's repository list alone (no extra requests), which credential a job starts with.
 * GitHub stays the judge: a job that finds the PAT refused falls back to the App at run time.
 */
export function startingCredential(repo: GitHubRepository, appFallback: boolean): StartingCredential {
  const unwritable = whyUnwritable(repo);
  if (unwritable) return { credential: null, note: unwritable };
  return {
    credential: 'pat',
    note: appFallback
      ? 'If GitHub refuses the PAT here, the GitHub App takes over where it is installed.'
      : 'GitHub decides at run time; no GitHub App is configured to fall back to.',
  };
}
