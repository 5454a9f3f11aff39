import type { Orchestration, RepositoryState } from '../wire-types.js';

type Tone = 'good' | 'bad' | 'busy' | 'warn' | '';

/** Words and a colour for each state; the words carry the meaning, the colour only repeats it. */
export const REPOSITORY_STATUS: Record<RepositoryState['status'], { label: string; tone: Tone }> = {
  queued: { label: 'Queued', tone: '' },
  running: { label: 'Running', tone: 'busy' },
  'pr-opened': { label: 'Pull request opened', tone: 'good' },
  'pr-updated': { label: 'Pull request updated', tone: 'good' },
  'up-to-date': { label: 'Pull request up to date', tone: 'good' },
  clean: { label: 'Clean', tone: 'good' },
  'needs-review': { label: 'Needs review', tone: 'warn' },
  declined: { label: 'Declined before', tone: 'warn' },
  failed: { label: 'Failed', tone: 'bad' },
  cancelled: { label: 'Cancelled', tone: 'warn' },
};

export const RUN_STATUS: Record<Orchestration['status'], { label: string; tone: Tone }> = {
  queued: { label: 'Queued', tone: '' },
  running: { label: 'Running', tone: 'busy' },
  completed: { label: 'Completed', tone: 'good' },
  cancelled: { label: 'Cancelled', tone: 'warn' },
};

/** "3 pull requests, 1 unchanged, 1 failed": the run's outcome in one line. */
export function summarizeRepositories(repositories: RepositoryState[]): string {
  const counts = new Map<string, number>();
  for (const r of repositories)
    counts.set(REPOSITORY_STATUS[r.status].label, (counts.get(REPOSITORY_STATUS[r.status].label) ?? 0) + 1);
  return [...counts].map(([label, n]) => `${n} × ${label.toLowerCase()}`).join(', ');
}
