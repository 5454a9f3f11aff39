import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { membershipDeps, recheckMemberships, type MembershipOutcome } from '../accounts/membership.js';
import { accessRestricted, describeAccess } from '../accounts/sign-in-access.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/load-config.js';
import type { Logger } from '../log.js';
import { stopAccountRuns } from '../queue/account-runs.js';
import { createHardenQueue } from '../queue/harden-queue.js';
import type { Store } from '../store/store.js';
import type { Vault } from '../vault/vault.js';

export interface MembershipSweepDeps {
  config: Config;
  redis: Redis;
  store: Store;
  vault: Vault;
  clock: Clock;
  logger: Logger;
  fetch?: typeof globalThis.fetch;
}

export interface MembershipSweep {
  /** One pass now (null when another process holds the pass, or nothing is restricted). */
  runOnce(): Promise<Record<MembershipOutcome, number> | null>;
  stop(): Promise<void>;
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * Checks organization membership again, in `rampart api`: every `intervalMs` one API process (a Redis lock decides
 * which) goes through the accounts whose last check is older than RAMPART_MEMBERSHIP_CHECK_HOURS and suspends those
 * GitHub no longer lists in an allowed organization, cancelling their waiting jobs. Logs who may sign in at start.
 */
export function startMembershipSweep(
  deps: MembershipSweepDeps,
  options: { intervalMs?: number } = {},
): MembershipSweep {
  const { config, logger } = deps;
  const log = logger.child({ component: 'membership' });
  log.info(
    { allowedOrgs: config.access.orgs, allowedLogins: config.access.logins.map((l) => l.login) },
    describeAccess(config.access),
  );
  const membership = membershipDeps({
    config,
    store: deps.store,
    vault: deps.vault,
    clock: deps.clock,
    fetch: deps.fetch,
  });
  if (!membership || !accessRestricted(config.access))
    return { runOnce: async () => null, stop: async () => undefined };
  if (config.access.orgs.length > 0 && !config.githubApp)
    log.warn('RAMPART_ALLOWED_ORGS is set but no GitHub App is configured: nobody can sign in with GitHub');

  const queue = createHardenQueue(deps.redis, deps.store.keys.queuePrefix);
  queue.on('error', (err) => log.warn({ err: err.message }, 'the job queue could not reach Redis'));
  const intervalMs = options.intervalMs ?? 15 * 60_000;
  let running: Promise<unknown> = Promise.resolve();

  const runOnce = async (): Promise<Record<MembershipOutcome, number> | null> => {
    const token = randomBytes(12).toString('hex');
    const lockKey = deps.store.keys.membershipSweepLock;
    if ((await deps.redis.set(lockKey, token, 'PX', Math.max(intervalMs, 60_000), 'NX')) !== 'OK') return null;
    try {
      const counts = await recheckMemberships(membership, async (account) => {
        const cancelled = await stopAccountRuns(
          deps.store.runs,
          queue,
          account.id,
          'The account was suspended: its organization membership ended.',
        );
        log.warn(
          { account: account.id, login: account.githubLogin, cancelled },
          'account suspended: no longer a member of an allowed organization',
        );
      });
      if (counts.suspended > 0 || counts.unavailable > 0) log.info(counts, 'membership check done');
      return counts;
    } finally {
      await deps.redis.eval(RELEASE, 1, lockKey, token);
    }
  };

  const tick = () => {
    running = runOnce().catch((err: unknown) =>
      log.warn({ err: (err as Error).message }, 'membership check failed; trying again at the next one'),
    );
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
      await queue.close();
    },
  };
}
