import type { PushHandler, RepositoriesAddedHandler } from '../../github/app/app-webhooks.js';
import { policiesFor } from '../../policies/policy-coverage.js';
import { decidePush } from '../../policies/push-decision.js';
import { enqueueNewRepositoryRuns, enqueuePushRuns } from '../../queue/policy-queue.js';
import type { ApiRuntime } from '../api-runtime.js';

/**
 * What the GitHub App's webhooks do for policies: a push that matters queues a debounced run per policy concerned,
 * a new repository one run per `all` policy that wants new repositories. Only queued here; the workers start the runs.
 */
export function policyWebhookTriggers(rt: ApiRuntime): {
  onPush: PushHandler;
  onRepositoriesAdded: RepositoriesAddedHandler;
} {
  return {
    onPush: async (event) => {
      const decision = decidePush(event);
      if (!decision.run) return `no policy run (${decision.reason})`;
      const policies = policiesFor(await rt.store.policies.withTrigger('push'), event.repository);
      await enqueuePushRuns(
        rt.policyQueue,
        policies,
        event.repository,
        decision.headSha,
        rt.policyTiming.pushDebounceMs,
      );
      return `${policies.length} policy run(s) queued for ${decision.paths.join(', ')}`;
    },
    onRepositoriesAdded: async (event) => {
      const policies = (await rt.store.policies.withTrigger('new_repositories')).filter(
        (p) => p.paused === null && p.repositories === 'all',
      );
      await enqueueNewRepositoryRuns(rt.policyQueue, policies, event.repositories);
      return `${policies.length * event.repositories.length} policy run(s) queued`;
    },
  };
}
