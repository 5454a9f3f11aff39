import { actionExempt } from '../../harden/config-file/action-glob.js';
import {
  memoizeResolver,
  optionalLookups,
  ResolveError,
  type ActionResolver,
  type ResolveFailure,
} from '../../harden/resolver/action-resolver.js';
import { reachabilityGuard, type Unreachable } from '../../github/unreachable-api.js';
import { offlineActionResolver } from '../offline-action-resolver.js';
import { withProgress } from '../resolve-progress.js';
import { FULL_SHA, usesLines } from './uses-lines.js';

/**
 * GitHub answers up to 100 requests in flight per credential (docs/github-behaviour.md, secondary rate limits); half
 * of that leaves room for whatever else shares the token, and is far above plugin-throttling's default of 10.
 */
const MAX_CONCURRENT_REQUESTS = 50;

export interface Failure {
  reason: ResolveFailure;
  message: string;
}

export interface CliResolver {
  resolver: ActionResolver;
  /** Failed look-ups by `owner/repo@ref` (lower-case repository), refs and commits alike. */
  failures: ReadonlyMap<string, Failure>;
  /** The API could not be reached at all (set from the first connection failure on). */
  unreachable(): Unreachable | undefined;
  /** Requests sent to GitHub. */
  requests(): number;
  /** Starts resolving a file's refs now, while other files are read and parsed. */
  prefetch(text: string): void;
  /** Ends live progress. */
  stop(): void;
}

export interface CliResolverOptions {
  offline: boolean;
  apiUrl: string;
  token: string | undefined;
  /** Pinning is on: its refs will be asked for anyway, so asking early costs nothing. */
  pinning: boolean;
  exempt: readonly string[];
  /** Where live progress goes when stderr is a terminal. */
  live?: (text: string) => void;
  fetch?: typeof globalThis.fetch;
}

export const refKey = (repo: string, ref: string) => `${repo.toLowerCase()}@${ref}`;

/** The GitHub client is imported only when it will be used: an offline run never loads Octokit. */
export async function cliResolver(options: CliResolverOptions): Promise<CliResolver> {
  let sent = 0;
  const network = options.fetch ?? globalThis.fetch;
  const guard = reachabilityGuard(options.apiUrl, (input, init) => {
    sent++;
    return network(input, init);
  });
  const base = options.offline
    ? offlineActionResolver()
    : (await import('./online-resolver.js')).onlineResolver({
        ...options,
        fetch: guard.fetch,
        maxConcurrent: MAX_CONCURRENT_REQUESTS,
      });
  const failures = new Map<string, Failure>();
  const record = <T>(key: string, call: Promise<T>): Promise<T> =>
    call.catch((err: unknown) => {
      if (err instanceof ResolveError) failures.set(key, { reason: err.reason, message: err.message });
      throw err;
    });
  const recorded: ActionResolver = {
    resolve: (repo, ref) => record(refKey(repo, ref), base.resolve(repo, ref)),
    tagFor: (repo, sha) => record(refKey(repo, sha.toLowerCase()), base.tagFor(repo, sha)),
    ...optionalLookups(base),
  };
  const progress = withProgress(recorded, options.live);
  const resolver = memoizeResolver(progress.resolver);
  const ignore = () => undefined;
  return {
    resolver,
    failures,
    unreachable: () => guard.unreachable(),
    requests: () => sent,
    prefetch(text) {
      if (!options.pinning || options.offline) return;
      for (const u of usesLines(text)) {
        if (actionExempt(options.exempt, u.action)) continue;
        // A pin is checked against the repository's tag listing, which the commit's tag look-up fetches first.
        const early = FULL_SHA.test(u.ref) ? resolver.tagFor(u.repo, u.ref) : resolver.resolve(u.repo, u.ref);
        early.catch(ignore);
      }
    },
    stop: () => progress.stop(),
  };
}
