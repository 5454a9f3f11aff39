import { aroundResolver, type ActionResolver } from '../harden/resolver/action-resolver.js';

export interface Progress {
  resolver: ActionResolver;
  stop(): void;
}

/** Counts resolutions and, once they have taken longer than `afterMs`, reports progress on `write` each second. */
export function withProgress(inner: ActionResolver, write: (line: string) => void, afterMs = 1000): Progress {
  let started = 0;
  let done = 0;
  const track = <T>(p: Promise<T>): Promise<T> => {
    started++;
    return p.finally(() => done++);
  };
  const timer = setTimeout(function tick() {
    if (started > done) write(`resolving action refs: ${done} of ${started} done…\n`);
    timer.refresh();
  }, afterMs);
  timer.unref();
  return { resolver: aroundResolver(inner, track), stop: () => clearTimeout(timer) };
}
