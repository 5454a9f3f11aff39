/** One piece of a worker's Redis-backed machinery and how to see that it works (it resolves) or not (it rejects). */
export interface HealthCheck {
  name: string;
  check(): Promise<unknown>;
}

export interface HealthStatus {
  healthy: boolean;
  /** One sentence per failing check, naming it: what `/healthz` answers with its 503. */
  problems: string[];
}

export interface WorkerHealth {
  status: () => HealthStatus;
  stop: () => void;
}

export interface WorkerHealthOptions {
  checks: HealthCheck[];
  /** How often every check runs (default 2 s). */
  intervalMs?: number;
  /** A check still unanswered after this long counts as failing (default 2 s): a paused Redis never rejects. */
  timeoutMs?: number;
  /** Told when the worker turns unhealthy (with the problems) or healthy again (none). */
  onChange?: (status: HealthStatus) => void;
  now?: () => number;
}

interface CheckState {
  /** Since when the running check has been waiting for its answer, if one runs. */
  pendingSince: number | undefined;
  failure: string | undefined;
}

/**
 * Runs the checks on a timer and keeps what they last said, so `/healthz` answers at once from memory. A check is
 * never started twice: while one waits (Redis paused), the wait itself is the failure once it outlasts the timeout.
 */
export function workerHealth(options: WorkerHealthOptions): WorkerHealth {
  const intervalMs = options.intervalMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 2000;
  const now = options.now ?? Date.now;
  const states = new Map<string, CheckState>(
    options.checks.map((c) => [c.name, { pendingSince: undefined, failure: undefined }]),
  );
  let last = true;

  const status = (): HealthStatus => {
    const problems: string[] = [];
    for (const [name, s] of states) {
      const waited = s.pendingSince === undefined ? 0 : now() - s.pendingSince;
      if (waited > timeoutMs) problems.push(`${name}: no answer from Redis for ${Math.round(waited / 1000)} s`);
      else if (s.failure) problems.push(`${name}: ${s.failure}`);
    }
    return { healthy: problems.length === 0, problems };
  };
  const report = () => {
    const s = status();
    if (s.healthy !== last) options.onChange?.(s);
    last = s.healthy;
  };
  const run = (c: HealthCheck) => {
    const state = states.get(c.name)!;
    if (state.pendingSince !== undefined) return;
    state.pendingSince = now();
    c.check()
      .then(
        () => Object.assign(state, { pendingSince: undefined, failure: undefined }),
        (err: unknown) =>
          Object.assign(state, { pendingSince: undefined, failure: err instanceof Error ? err.message : String(err) }),
      )
      .finally(report);
  };
  const tick = () => {
    options.checks.forEach(run);
    report();
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { status, stop: () => clearInterval(timer) };
}
