import type { Clock } from '../clock.js';
import type { GitHubLogger, OctokitFactoryOptions } from '../github/octokit-factory.js';
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
  /** Metrics: told the status and rate-limit headers of every GitHub answer (see OctokitFactoryOptions.onResponse). */
  githubOnResponse?: OctokitFactoryOptions['onResponse'];
  /** Workers keep writes within GitHub's content-creation limits (see OctokitFactoryOptions.contentLimiter). */
  contentLimiter?: OctokitFactoryOptions['contentLimiter'];
  /** Workers share Octokit's write queues through Redis (see OctokitFactoryOptions.throttleCluster). */
  throttleCluster?: OctokitFactoryOptions['throttleCluster'];
}
