import type { ActionResolver } from '../../harden/resolver/action-resolver.js';
import { githubActionResolver } from '../../github/github-action-resolver.js';
import { createOctokit } from '../../github/octokit-factory.js';

export interface OnlineResolverOptions {
  apiUrl: string;
  token: string | undefined;
  fetch: typeof globalThis.fetch;
  maxConcurrent: number;
}

/** The resolver over GitHub's REST API, in a module of its own so that offline runs never load Octokit. */
export function onlineResolver(options: OnlineResolverOptions): ActionResolver {
  const client = createOctokit({
    baseUrl: options.apiUrl,
    token: options.token,
    retries: 1,
    maxWaitSeconds: 60,
    fetch: options.fetch,
    maxConcurrent: options.maxConcurrent,
  });
  return githubActionResolver(client);
}
