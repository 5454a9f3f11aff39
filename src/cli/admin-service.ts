import type { Queue } from 'bullmq';
import { collectingDestination } from '../log.js';
import { stopAccountRuns } from '../queue/account-runs.js';
import { createHardenQueue } from '../queue/harden-queue.js';
import { createPolicyQueue } from '../queue/policy-queue.js';
import { DEFAULT_POLICY_TIMING, syncPolicySchedule } from '../queue/policy-schedules.js';
import type { Account } from '../store/account-store.js';
import type { CliIo } from './cli-io.js';
import { bootstrapService, type ServiceContext } from './service-bootstrap.js';

/**
 * Runs one admin task against the configured Redis, then closes everything it opened. stdout carries results
 * (possibly JSON); logs go to stderr and only when something is worth saying.
 */
export async function withAdminService(
  io: CliIo,
  setExit: (code: number) => void,
  run: (service: ServiceContext) => Promise<number>,
): Promise<void> {
  const service = await bootstrapService({
    env: io.env,
    logDestination: collectingDestination((line) => io.stderr(line)),
    logLevel: 'warn',
  });
  try {
    setExit(await run(service));
  } finally {
    await service.close();
  }
}

/** The account a command names: an account id (acc_…) or a GitHub login. */
export async function findAccount(service: ServiceContext, who: string): Promise<Account | null> {
  return who.startsWith('acc_') ? service.store.accounts.get(who) : service.store.accounts.findByLogin(who);
}

/** What an admin command does in the queues: cancel an account's waiting jobs, drop a policy with its schedule. */
export interface AccountQueues {
  stopRuns: (account: Account, reason: string) => Promise<number>;
  removePolicy: (policyId: string) => Promise<void>;
}

/** The queues an account's work sits in, opened for one command: cancelling runs, removing policy schedules. */
export async function withQueues<T>(service: ServiceContext, use: (q: AccountQueues) => Promise<T>): Promise<T> {
  const prefix = service.store.keys.queuePrefix;
  const harden: Queue = createHardenQueue(service.redis, prefix);
  const policy: Queue = createPolicyQueue(service.redis, prefix);
  try {
    return await use({
      stopRuns: (account, reason) => stopAccountRuns(service.store.runs, harden, account.id, reason),
      removePolicy: async (id) => {
        await syncPolicySchedule(policy, id, null, DEFAULT_POLICY_TIMING);
        await service.store.policies.remove(id, { via: 'admin' });
      },
    });
  } finally {
    await Promise.all([harden.close(), policy.close()]);
  }
}
