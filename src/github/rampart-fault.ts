import { AppError, RedisFailure } from '../errors.js';

export type RampartFaultKind = 'rampart-redis' | 'rampart-decryption' | 'rampart-bug';

// ioredis's own errors (ReplyError from the server, the rest from the client); a Lua error is a ReplyError too.
const REDIS_ERROR_NAMES = new Set([
  'RedisFailure',
  'ReplyError',
  'MaxRetriesPerRequestError',
  'ParserError',
  'RedisError',
  'InterruptError',
]);
const REDIS_CLIENT_MESSAGES =
  /^(Connection is closed\.|Stream isn't writeable and enableOfflineQueue options is false|Command timed out|Connection in subscriber mode)/;
// Errors a request to GitHub raises before any answer: Node's and undici's network faults.
const NETWORK_NAMES = new Set([
  'AbortError',
  'TimeoutError',
  'FetchError',
  'HttpError',
  'RequestError',
  'ConnectTimeoutError',
  'SocketError',
]);
const NETWORK_MESSAGES =
  /fetch failed|socket hang up|network|ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|other side closed/i;

interface Chained {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  status?: unknown;
}

/**
 * Whether a failure is Rampart's own rather than GitHub's: a Redis error (anywhere in the cause chain, so one raised
 * inside a request's fetch layers and wrapped by Octokit as a 500 is still found), a secret that did not decrypt, or
 * an error that no request to GitHub raised (a bug). Undefined for GitHub's answers and network faults.
 */
export function rampartFault(err: unknown): { kind: RampartFaultKind; message: string } | undefined {
  const chain = causes(err);
  const redis = chain.find(isRedisError);
  if (redis)
    return {
      kind: 'rampart-redis',
      message: redis instanceof RedisFailure ? redis.message : `Redis failed: ${text(redis.message)}`,
    };
  const vault = chain.find((c) => c.name === 'VaultError' || (c instanceof AppError && c.code === 'pat_unreadable'));
  if (vault) return { kind: 'rampart-decryption', message: text(vault.message) };
  const top = chain[0];
  if (!top || typeof top.status === 'number' || top.name === 'GraphqlResponseError') return undefined;
  if (chain.some(isNetworkError)) return undefined;
  return {
    kind: 'rampart-bug',
    message: `${typeof top.name === 'string' ? top.name : 'Error'}: ${text(top.message ?? String(err))}`,
  };
}

function causes(err: unknown): Chained[] {
  const out: Chained[] = [];
  for (let e = err; e !== null && e !== undefined && typeof e === 'object' && out.length < 6; e = (e as Chained).cause)
    out.push(e);
  if (out.length === 0 && err !== undefined && err !== null)
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects were walked above: only a thrown primitive reaches this
    out.push({ message: String(err) });
  return out;
}

function isRedisError(e: Chained): boolean {
  if (typeof e.name === 'string' && REDIS_ERROR_NAMES.has(e.name)) return true;
  return typeof e.message === 'string' && REDIS_CLIENT_MESSAGES.test(e.message);
}

function isNetworkError(e: Chained): boolean {
  if (typeof e.name === 'string' && NETWORK_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(e.code)) return true;
  return typeof e.message === 'string' && NETWORK_MESSAGES.test(e.message);
}

const text = (m: unknown): string => (typeof m === 'string' ? m : String(m));
