import { createHash } from 'node:crypto';
import type { Queue, RepeatOptions } from 'bullmq';
import type { Clock } from '../clock.js';
import { pausePoliciesOfRemovedPat } from '../policies/pause-for-removed-pat.js';
import type { AuditActor } from '../store/audit-store.js';
import type { PolicyRecord, PolicySchedule, PolicyStore } from '../store/policy-store.js';
import { DEFAULT_PUSH_DEBOUNCE_MS, policyJobSchema } from './policy-queue.js';

/** When policies run: BullMQ repeat options per schedule, and the push debounce. Injected so tests need not wait a day. */
export interface PolicyTiming {
  repeat(schedule: PolicySchedule, policyId: string): Omit<RepeatOptions, 'key'>;
  pushDebounceMs: number;
}

/**
 * `daily` at a minute of the day fixed per policy, `weekly` at that minute on a weekday fixed per policy (both UTC):
 * spread by a hash of the id, so a thousand daily policies do not all start at midnight.
 */
export function scheduleRepeat(schedule: PolicySchedule, policyId: string): Omit<RepeatOptions, 'key'> {
  const hash = createHash('sha256').update(policyId).digest();
  const minuteOfDay = hash.readUInt32BE(0) % 1440;
  const time = `${minuteOfDay % 60} ${Math.floor(minuteOfDay / 60)}`;
  return { pattern: schedule === 'daily' ? `${time} * * *` : `${time} * * ${(hash[4] ?? 0) % 7}`, tz: 'Etc/UTC' };
}

export const DEFAULT_POLICY_TIMING: PolicyTiming = { repeat: scheduleRepeat, pushDebounceMs: DEFAULT_PUSH_DEBOUNCE_MS };

const SCHEDULER_PREFIX = 'policy-';

export function policySchedulerId(policyId: string): string {
  return `${SCHEDULER_PREFIX}${policyId}`;
}

function wantsSchedule(
  policy: PolicyRecord | null,
): policy is PolicyRecord & { triggers: { schedule: PolicySchedule } } {
  return policy !== null && policy.paused === null && policy.triggers.schedule !== null;
}

/**
 * Makes the queue's job scheduler match the policy: one while it is active with a schedule, none otherwise (pass null
 * for a deleted policy). Every tick is one job whose id BullMQ derives from the scheduler and the tick's time, so any
 * number of API and worker processes upserting the same scheduler still make one job per tick, and the scheduler
 * lives in Redis across restarts. No timer of Rampart's own is involved.
 */
export async function syncPolicySchedule(
  queue: Queue,
  policyId: string,
  policy: PolicyRecord | null,
  timing: PolicyTiming,
): Promise<void> {
  if (!wantsSchedule(policy)) {
    await queue.removeJobScheduler(policySchedulerId(policyId));
    return;
  }
  await queue.upsertJobScheduler(policySchedulerId(policyId), timing.repeat(policy.triggers.schedule, policyId), {
    name: 'schedule',
    data: policyJobSchema.parse({ v: 1, policyId, trigger: 'schedule' }),
    opts: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  });
}

/** When the policy's schedule next fires (ISO 8601), or null when it has none. */
export async function nextScheduledRun(queue: Queue, policyId: string): Promise<string | null> {
  const scheduler = await queue.getJobScheduler(policySchedulerId(policyId));
  return typeof scheduler?.next === 'number' ? new Date(scheduler.next).toISOString() : null;
}

/**
 * Brings every scheduler in line with the stored policies (a worker does it when it starts): a process that stopped
 * between saving a policy and upserting its scheduler leaves nothing wrong for long. Resolves to how many it kept.
 */
export async function syncAllPolicySchedules(
  queue: Queue,
  policies: Pick<PolicyStore, 'withTrigger' | 'get'>,
  timing: PolicyTiming,
): Promise<number> {
  const scheduled = await policies.withTrigger('schedule');
  for (const policy of scheduled) await syncPolicySchedule(queue, policy.id, policy, timing);
  const known = new Set(scheduled.filter(wantsSchedule).map((p) => policySchedulerId(p.id)));
  for (const scheduler of await queue.getJobSchedulers(0, -1)) {
    if (!scheduler.key.startsWith(SCHEDULER_PREFIX) || known.has(scheduler.key)) continue;
    const policyId = scheduler.key.slice(SCHEDULER_PREFIX.length);
    await syncPolicySchedule(queue, policyId, await policies.get(policyId), timing);
  }
  return known.size;
}

/** The PAT was removed: the policies that need it are paused (saying why) and their schedules stop. */
export async function pausePoliciesOfRemovedPatAndUnschedule(
  deps: {
    policies: Pick<PolicyStore, 'listForAccount' | 'update'>;
    clock: Clock;
    appEnabled: boolean;
    queue: Queue;
    timing: PolicyTiming;
  },
  accountId: string,
  actor: AuditActor,
): Promise<number> {
  const paused = await pausePoliciesOfRemovedPat(deps, accountId, actor);
  for (const policy of paused) await syncPolicySchedule(deps.queue, policy.id, policy, deps.timing);
  return paused.length;
}
