import { z } from 'zod';
import { repositoryLatestSchema } from '../../store/repository-state-store.js';
import type { ApiRuntime } from '../api-runtime.js';
import { route, type AnyRoute } from '../route.js';

export const repositoryStatesSchema = z
  .object({ repositories: z.array(repositoryLatestSchema) })
  .meta({ title: 'RepositoryStates' });

/** Each repository's latest state across the account's runs, for the Repositories page and scripts. */
export function repositoryStateRoutes(rt: ApiRuntime): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/v1/repository-states',
      operationId: 'listRepositoryStates',
      tag: 'orchestrations',
      summary:
        'Each repository your runs reached: how its latest run ended, its pull request (open, merged or declined), findings to review',
      description:
        'One entry per repository any of your orchestrations processed, sorted by name. `pull_request.state` follows the pull request: `merged` and `declined` (closed without merging) arrive through the GitHub App’s webhooks, or with the next run. A run that failed or was cancelled keeps the pull request and findings known before.',
      auth: 'user',
      scope: 'runs:read',
      responses: { 200: { description: 'The latest state of each repository', schema: repositoryStatesSchema } },
      handle: async ({ principal }) => ({
        status: 200,
        body: { repositories: await rt.store.repositoryStates.list(principal.account.id) },
      }),
    }),
  ];
}
