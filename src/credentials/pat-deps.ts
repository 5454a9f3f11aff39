import type { Clock } from '../clock.js';
import type { GitHubLogger } from '../github/octokit-factory.js';
import type { Store } from '../store/store.js';
import type { Vault } from '../vault/vault.js';

/** What PAT handling needs, in the API and in workers alike. */
export interface PatDeps {
  store: Store;
  vault: Vault;
  clock: Clock;
  githubApiUrl: string;
  fetch?: typeof globalThis.fetch | undefined;
  /** Octokit's own messages (rate-limit waits, request lines); never given the token. */
  githubLog?: GitHubLogger | undefined;
}
