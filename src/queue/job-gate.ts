import type { ContentCreationLimiter } from '../github/content-creation-limiter.js';

/** The job should give its worker slot back and come again at `until` (ms since the epoch). */
export class HandBack extends Error {
  override name = 'HandBack';
  constructor(
    readonly until: number,
    readonly reason: 'github-limit' | 'shutdown',
  ) {
    super(
      reason === 'github-limit'
        ? 'waiting for GitHub’s limit on this credential'
        : 'handed back: the worker is stopping',
    );
  }
}

export interface JobGate {
  /** The job's view of the shared limiter: short waits are slept, longer ones (or any while stopping) hand back. */
  limiter(shared: ContentCreationLimiter | undefined): ContentCreationLimiter | undefined;
  /** Says how many writes the job is about to send, so its first write checks that all of them can go soon. */
  beforeWrites(count: number): void;
  /** Set once the job has been told to hand back; every later write is refused with it. */
  readonly handBack: HandBack | null;
  /** The worker handed the job back from outside: its next write is refused. */
  interrupt(): void;
}

export interface JobGateOptions {
  /** A wait longer than this gives the slot back. */
  parkAfterMs: number;
  /** Aborted when the worker is stopping: any wait hands back at once. */
  stopping: AbortSignal;
  now?: () => number;
}

/** One per job: turns waits for a credential's content-creation budget into a hand-back when they are long. */
export function jobGate(o: JobGateOptions): JobGate {
  const now = o.now ?? Date.now;
  let handBack: HandBack | null = null;
  let planned = 1;
  const stop = (until: number, reason: HandBack['reason']): never => {
    handBack ??= new HandBack(until, reason);
    throw handBack;
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        o.stopping.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      o.stopping.addEventListener('abort', done, { once: true });
    });
  return {
    get handBack() {
      return handBack;
    },
    interrupt() {
      handBack ??= new HandBack(now(), 'shutdown');
    },
    beforeWrites(count) {
      planned = Math.max(1, count);
    },
    limiter(shared) {
      if (!shared?.tryAcquire) return shared;
      // Bound: the shared limiter may keep its state on `this`.
      const tryAcquire = shared.tryAcquire.bind(shared);
      const waitFor = shared.waitFor?.bind(shared);
      return {
        async acquire(key) {
          if (handBack) throw handBack;
          if (planned > 1 && waitFor) {
            const all = await waitFor(key, planned);
            planned = 1;
            if (all > o.parkAfterMs) stop(now() + all, 'github-limit');
          }
          for (;;) {
            const wait = await tryAcquire(key);
            if (wait <= 0) return;
            if (o.stopping.aborted) stop(now(), 'shutdown');
            if (wait > o.parkAfterMs) stop(now() + wait, 'github-limit');
            await sleep(wait);
          }
        },
      };
    },
  };
}
