import { AppError } from '../errors.js';
import { createOctokit, type GitHubClient } from '../github/octokit-factory.js';
import type { AuditActor } from '../store/audit-store.js';
import { PAT_RECORD_NAME, type PatRecord } from '../store/credential-store.js';
import { VaultError } from '../vault/vault.js';
import type { PatDeps } from './pat-deps.js';

export interface PatClient {
  /** Octokit with the PAT; every request first checks the PAT is still the one saved (see below). */
  client: GitHubClient;
  record: PatRecord;
  /** The credential generation this client was opened at. */
  generation: number;
}

/**
 * Decrypts the account's PAT just in time and returns a client for it, or null when none is saved.
 * Before each request leaves the process the client re-reads the account's credential generation;
 * once the PAT has been removed or replaced, requests stop with a `credential-revoked` error
 * (classifyGitHubError). This is how "no request with that token after DELETE returns" holds for the
 * API and for workers: hold the client for one job, never the token.
 */
export async function openPatClient(deps: PatDeps, accountId: string, actor: AuditActor): Promise<PatClient | null> {
  const stored = await deps.store.credentials.getWithGeneration(accountId);
  if (!stored) return null;
  const { record, generation } = stored;
  let token: string;
  try {
    token = deps.vault.open(record.sealed, { accountId, record: PAT_RECORD_NAME });
  } catch (err) {
    if (!(err instanceof VaultError)) throw err;
    await deps.store.audit.record(accountId, 'pat.unreadable', actor, { reason: err.reason, kid: record.sealed.kid });
    throw new AppError(
      409,
      'pat_unreadable',
      'The saved GitHub PAT cannot be decrypted (the stored ciphertext was altered, or the key that sealed it is no longer configured). Save the PAT again.',
    );
  }
  const client = createOctokit({
    baseUrl: deps.githubApiUrl,
    token,
    fetch: deps.fetch,
    log: deps.githubLog,
    onResponse: deps.githubOnResponse,
    contentLimiter: deps.contentLimiter,
    throttleCluster: deps.throttleCluster,
    retries: 2,
    maxWaitSeconds: 60,
    isCredentialCurrent: async () => (await deps.store.credentials.generation(accountId)) === generation,
  });
  return { client, record, generation };
}
