import type { PushEvent } from '../github/app/app-webhooks.js';
import { isRampartCommit } from '../orchestrate/commit-message.js';
import { isWatchedPath } from './watched-paths.js';

export type PushDecision = { run: true; headSha: string; paths: string[] } | { run: false; reason: string };

// GitHub's default merge messages ("Merge pull request #1 from o/branch", "Merge branch 'x'"); a merge brings in
// commits that are listed in the same push, and those decide.
const MERGE = /^Merge (pull request #\d+ from |branch |remote-tracking branch )/;

/**
 * Whether a push should start a policy's run: it moved the default branch, and a commit other than Rampart's own
 * (its merged pull request: every such commit carries Rampart's marker line) touched a file Rampart reads.
 */
export function decidePush(event: PushEvent): PushDecision {
  if (event.ref !== `refs/heads/${event.defaultBranch}`) return { run: false, reason: 'not the default branch' };
  if (event.deleted) return { run: false, reason: 'the branch was deleted' };
  const touching = event.commits.filter((c) => [...c.added, ...c.modified, ...c.removed].some(isWatchedPath));
  if (touching.length === 0) return { run: false, reason: 'no workflow, action or Dependabot file changed' };
  const authored = touching.filter((c) => !MERGE.test(c.message));
  if (authored.length > 0 && authored.every((c) => isRampartCommit(c.message)))
    return { run: false, reason: "Rampart's own change (its merged pull request)" };
  const paths = [
    ...new Set(touching.flatMap((c) => [...c.added, ...c.modified, ...c.removed]).filter(isWatchedPath)),
  ].sort();
  return { run: true, headSha: event.after, paths };
}
