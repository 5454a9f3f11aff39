import { optionalLookups, type ActionResolver } from '../harden/resolver/action-resolver.js';

export interface Progress {
  resolver: ActionResolver;
  /** Look-ups asked for and finished so far. */
  counts(): { started: number; done: number };
  /** Stops the live line and wipes it, so the final line takes its place. */
  stop(): void;
}

/**
 * Counts the resolver's look-ups. With `live` (stderr is a terminal) a single line is rewritten in place every
 * `everyMs` once they have taken longer than `afterMs`; without it nothing is written while the run goes on.
 */
export function withProgress(
  inner: ActionResolver,
  live?: (text: string) => void,
  afterMs = 500,
  everyMs = 200,
): Progress {
  let started = 0;
  let done = 0;
  let shown = false;
  const track = <T>(p: Promise<T>): Promise<T> => {
    started++;
    return p.finally(() => done++);
  };
  let timer: NodeJS.Timeout | undefined;
  if (live) {
    timer = setTimeout(function tick() {
      if (started > done) {
        live(`\r\x1b[Kresolving action refs: ${done} of ${started} done…`);
        shown = true;
      }
      timer = setTimeout(tick, everyMs);
      timer.unref();
    }, afterMs);
    timer.unref();
  }
  const resolver: ActionResolver = {
    resolve: (repo, ref) => track(inner.resolve(repo, ref)),
    tagFor: (repo, sha) => track(inner.tagFor(repo, sha)),
    ...optionalLookups(inner, track),
  };
  return {
    resolver,
    counts: () => ({ started, done }),
    stop: () => {
      clearTimeout(timer);
      if (shown && live) live('\r\x1b[K');
    },
  };
}
