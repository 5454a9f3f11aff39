import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ResolveError, type ActionResolver, type ResolvedRef } from '../harden/resolver/action-resolver.js';

const entrySchema = z.union([
  z.object({ ok: z.literal(true), sha: z.string(), tag: z.string().nullable(), refType: z.enum(['tag', 'branch', 'commit']).optional() }),
  z.object({ ok: z.literal(false), reason: z.enum(['not-found', 'no-access', 'unavailable']), message: z.string() }),
]);
type Entry = z.infer<typeof entrySchema>;

export interface CachedResolverOptions {
  redis: Redis;
  /** Key prefix, e.g. `rampart:action-ref:`. */
  prefix: string;
  ttlSeconds: number;
  /** How long a missing ref is remembered; shorter, since a tag may be pushed soon. */
  negativeTtlSeconds: number;
  /** How long another worker's resolution of the same ref is awaited before resolving here too. */
  waitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A resolver cache shared by every worker through Redis: each distinct `owner/repo@ref` is resolved once per cache
 * lifetime across all jobs. One worker takes a short lock and resolves; the others wait for its answer. Transient
 * failures are never cached. Entries hold commit SHAs and tag names, never credentials. [I] A ref of a private
 * action repository resolved with one user's credential is served to others from the cache too: it reveals a SHA and
 * a tag name, not code; noted as a known limit.
 */
export function cachedActionResolver(inner: ActionResolver, options: CachedResolverOptions): ActionResolver {
  const { redis, prefix } = options;
  const sleep = options.sleep ?? defaultSleep;
  const waitMs = options.waitMs ?? 10_000;

  const cached = async (key: string, compute: () => Promise<Entry>): Promise<Entry> => {
    const read = async () => {
      const raw = await redis.get(key);
      if (raw === null) return undefined;
      const parsed = entrySchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    };
    const hit = await read();
    if (hit) return hit;
    const lock = `${key}:lock`;
    const mine = (await redis.set(lock, '1', 'PX', waitMs, 'NX')) === 'OK';
    if (!mine) {
      for (let waited = 0; waited < waitMs; waited += 50) {
        await sleep(50);
        const later = await read();
        if (later) return later;
        if ((await redis.exists(lock)) === 0) break;
      }
    }
    try {
      const entry = await compute();
      if (entry.ok || entry.reason !== 'unavailable') {
        await redis.set(key, JSON.stringify(entry), 'EX', entry.ok ? options.ttlSeconds : options.negativeTtlSeconds);
      }
      return entry;
    } finally {
      if (mine) await redis.del(lock);
    }
  };
  const settle = async (p: Promise<ResolvedRef>): Promise<Entry> => {
    try {
      const r = await p;
      return { ok: true, sha: r.sha, tag: r.tag, ...(r.refType ? { refType: r.refType } : {}) };
    } catch (err) {
      if (err instanceof ResolveError) return { ok: false, reason: err.reason, message: err.message };
      throw err;
    }
  };
  const unwrap = (e: Entry): ResolvedRef => {
    if (!e.ok) throw new ResolveError(e.reason, e.message);
    return { sha: e.sha, tag: e.tag, ...(e.refType ? { refType: e.refType } : {}) };
  };
  return {
    async resolve(repo, ref) {
      return unwrap(await cached(`${prefix}ref:${repo.toLowerCase()}@${ref}`, () => settle(inner.resolve(repo, ref))));
    },
    async tagFor(repo, sha) {
      const entry = await cached(`${prefix}tag:${repo.toLowerCase()}@${sha.toLowerCase()}`, () =>
        settle(inner.tagFor(repo, sha).then((tag) => ({ sha, tag }))),
      );
      return unwrap(entry).tag;
    },
  };
}
