import type { RepositorySnapshot } from '../github/repository-snapshot.js';
import { fingerprintOf } from './change-fingerprint.js';

/** Where declined change sets are remembered (the declined-change store), as the job needs it. */
export interface DeclinedChanges {
  record(repository: string, fingerprint: string, pull: { number: number; url: string }): Promise<void>;
  find(repository: string, fingerprint: string): Promise<{ number: number; url: string } | null>;
}

export interface DeclinedCheck {
  /** A pull request that held exactly these changes and was closed without merging. */
  match?: { number: number; url: string };
  /** The latest pull request closed without merging, when its changes were others. */
  previous?: { number: number; url: string };
}

/**
 * Whether these changes were declined before. The snapshot's latest closed pull request says so without a request
 * (its body names its change set), and is remembered, so a decline stays known after later pull requests.
 */
export async function findDeclined(
  store: DeclinedChanges | undefined,
  snapshot: RepositorySnapshot,
  fingerprint: string,
): Promise<DeclinedCheck> {
  const last = snapshot.lastClosedPull;
  const closed = last && !last.merged ? { number: last.number, url: last.url } : undefined;
  const closedFingerprint = last && !last.merged ? fingerprintOf(last.body) : null;
  if (closed && closedFingerprint) await store?.record(snapshot.repository, closedFingerprint, closed);
  if (closed && closedFingerprint === fingerprint) return { match: closed };
  const earlier = await store?.find(snapshot.repository, fingerprint);
  if (earlier) return { match: { number: earlier.number, url: earlier.url } };
  return closed ? { previous: closed } : {};
}
