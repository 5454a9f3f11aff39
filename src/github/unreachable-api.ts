/** Marks the answer to a request that was not sent because the API could not be reached. */
export const UNREACHABLE_HEADER = 'x-rampart-unreachable';

/** Connection-level failures: the host is not there at all, so every later request would fail the same way. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export interface Unreachable {
  url: string;
  reason: string;
}

export interface ReachabilityGuard {
  fetch: typeof globalThis.fetch;
  /** Set from the first connection failure on. */
  unreachable(): Unreachable | undefined;
}

/**
 * A fetch for a command-line run: after the first request that cannot connect (refused, no such host, no route), it
 * answers every request at once, itself included, with a 410 carrying UNREACHABLE_HEADER. A 410 is one Octokit's
 * retry plugin never retries, so a run without network costs one connection attempt per request in flight, not a
 * back-off each. Other failures (a reset mid-answer) pass through and are retried as usual.
 */
export function reachabilityGuard(
  baseUrl: string,
  inner: typeof globalThis.fetch = globalThis.fetch,
): ReachabilityGuard {
  let down: Unreachable | undefined;
  const refusal = () =>
    new Response(JSON.stringify({ message: `could not reach the GitHub API at ${down!.url} (${down!.reason})` }), {
      status: 410,
      headers: { 'content-type': 'application/json', [UNREACHABLE_HEADER]: '1' },
    });
  return {
    unreachable: () => down,
    fetch: async (input, init) => {
      if (down) return refusal();
      try {
        return await inner(input, init);
      } catch (err) {
        const code = connectionCode(err);
        if (!code) throw err;
        down ??= { url: baseUrl, reason: describe(err, code) };
        return refusal();
      }
    },
  };
}

/** undici puts the system error under `cause` (an AggregateError when both address families were tried). */
function connectionCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return code;
    // fetch refuses ports the Fetch standard blocks before connecting; no request to that URL can ever be sent.
    if ((e as { message?: unknown }).message === 'bad port') return 'bad port';
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) {
      const found = inner.map(connectionCode).find(Boolean);
      if (found) return found;
    }
  }
  return undefined;
}

function describe(err: unknown, code: string): string {
  const cause = (err as { cause?: { message?: unknown } }).cause;
  const message = typeof cause?.message === 'string' && cause.message ? cause.message : code;
  return message.includes(code) ? message : `${code}: ${message}`;
}
