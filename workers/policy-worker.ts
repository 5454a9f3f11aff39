import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { POLICY_QUEUE_NAME } from '../src/queue/policy-queue.js';
import { pausePoliciesOfRemovedPatAndUnschedule, syncAllPolicySchedules } from '../src/queue/policy-schedules.js';
import { subscribeToCredentialEvents } from '../src/store/credential-events.js';
import { processPolicyJob, type PolicyJobDeps } from './process-policy-job.js';

export interface PolicyWorker {
  worker: Worker;
  close(): Promise<void>;
}

/**
 * A worker process's share of the policy queue: schedule ticks, debounced pushes and new repositories, each starting
 * at most one run. At start it brings the job schedulers in line with the stored policies; while it runs it pauses
 * the policies of a removed PAT as soon as it hears of the removal (the API does it first; this is the safety net).
 */
export async function startPolicyWorker(
  deps: PolicyJobDeps,
  options: { connection: Redis; subscriber: Redis; concurrency?: number },
): Promise<PolicyWorker> {
  const log = deps.logger.child({ component: 'policies' });
  await syncAllPolicySchedules(deps.policyQueue, deps.store.policies, deps.timing);
  const worker = new Worker(POLICY_QUEUE_NAME, (job) => processPolicyJob(job, deps), {
    connection: options.connection,
    prefix: deps.store.keys.queuePrefix,
    concurrency: options.concurrency ?? 2,
  });
  worker.on('failed', (job, err) =>
    log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err.message }, 'policy job failed'),
  );
  worker.on('error', (err) => log.error({ err: err.message }, 'policy worker error'));
  const unsubscribe = await subscribeToCredentialEvents(options.subscriber, deps.store.keys, (event) => {
    if (event.event !== 'removed') return;
    void pausePoliciesOfRemovedPatAndUnschedule(
      {
        policies: deps.store.policies,
        clock: deps.clock,
        appEnabled: deps.appEnabled,
        queue: deps.policyQueue,
        timing: deps.timing,
      },
      event.accountId,
      { via: 'worker' },
    ).catch((err: Error) => log.error({ err: err.message }, 'could not pause the policies of a removed PAT'));
  });
  await worker.waitUntilReady();
  return {
    worker,
    async close() {
      await worker.close();
      await unsubscribe();
    },
  };
}
