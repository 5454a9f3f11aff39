import { aroundResolver, ResolveError, type ActionResolver } from '../harden/resolver/action-resolver.js';

export interface UnavailableWatch {
  resolver: ActionResolver;
  /** Throws what made a look-up fail for a reason that may pass (GitHub or Redis down), if one did. */
  throwIfAny(): void;
}

/**
 * The engine reports an unresolvable ref on its line and goes on, which is right for a ref that does not exist but
 * wrong when GitHub or Redis merely failed: a pull request would then lack pins or treat a readable action as
 * unknown. The job notes such failures and, after the engine, throws the first one so the job is retried.
 */
export function failOnUnavailable(inner: ActionResolver): UnavailableWatch {
  const failures: unknown[] = [];
  const watch = <T>(p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      if (!(err instanceof ResolveError) || err.reason === 'unavailable') failures.push(err);
      throw err;
    });
  return {
    resolver: aroundResolver(inner, watch),
    throwIfAny() {
      const first = failures[0];
      if (first === undefined) return;
      const reason = first instanceof ResolveError && first.cause !== undefined ? first.cause : first;
      // Resolvers reject with Errors; anything else is wrapped so the job still fails with a message.
      throw reason instanceof Error ? reason : new Error('an action look-up failed', { cause: reason });
    },
  };
}
