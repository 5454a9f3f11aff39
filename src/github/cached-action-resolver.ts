import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ResolveError, type ActionResolver, type ResolvedRef } from '../harden/resolver/action-resolver.js';

const failureEntrySchema = z.object({
  ok: z.literal(false),
  reason: z.enum(['not-found', 'no-access', 'unavailable']),
  message: z.string(),
});
type FailureEntry = z.infer<typeof failureEntrySchema>;
const entrySchema = z.union([
  z.object({
    ok: z.literal(true),
    sha: z.string(),
    tag: z.string().nullable(),
    refType: z.enum(['tag', 'branch', 'commit']).optional(),
  }),
  failureEntrySchema,
]);
type Entry = z.infer<typeof entrySchema>;
/** An action's metadata text at one commit; `text: null` when it has neither action.yml nor action.yaml. */
const metadataEntrySchema = z.union([
  z.object({ ok: z.literal(true), text: z.string().nullable() }),
  failureEntrySchema,
]);
type MetadataEntry = z.infer<typeof metadataEntrySchema>;
/** The answers of the optional look-ups, each kept whole as `value`. */
const advisoriesValue = z.array(
  z.object({
    ghsaId: z.string(),
    severity: z.enum(['critical', 'high', 'medium', 'low', 'unknown']),
    summary: z.string(),
    url: z.string(),
    package: z.string(),
    vulnerableRange: z.string(),
    firstPatched: z.string().nullable(),
  }),
);
const repositoryValue = z.object({ archived: z.boolean(), defaultBranch: z.string().nullable() });
const placementValue = z.object({ reachable: z.boolean(), complete: z.boolean() });
const valueEntry = <T extends z.ZodType>(value: T) =>
  z.union([z.object({ ok: z.literal(true), value }), failureEntrySchema]);
type Cacheable = { ok: true } | FailureEntry;

export interface CachedResolverOptions {
  redis: Redis;
  /** Key prefix, e.g. `rampart:action-ref:`. */
  prefix: string;
  ttlSeconds: number;
  /** How long a missing ref is remembered; shorter, since a tag may be pushed soon. */
  negativeTtlSeconds: number;
  /**
   * Who may be served cached action metadata: it is file content, and an action in a private repository read with one
   * account's credential must not reach another account. Metadata keys carry it when given (e.g. `account:<id>`).
   */
  metadataScope?: string;
  /** How long another worker's resolution of the same ref is awaited before resolving here too. */
  waitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A resolver cache shared by every worker through Redis: each distinct `owner/repo@ref` is resolved once per cache
 * lifetime across all jobs. One worker takes a short lock and resolves; the others wait for its answer. Transient
 * failures are never cached. Entries hold commit SHAs and tag names (and the optional look-ups' public answers:
 * advisories, archived flags, default branches, whether a commit or branch exists), never credentials. [I] A ref of a
 * private action repository resolved with one user's credential is served to others from the cache too: it reveals a
 * SHA and a tag name, not code; noted as a known limit. Action metadata is code, so it is shared only within
 * `metadataScope`; being read at a commit SHA it never changes, so hits and "no metadata" both live for the positive
 * TTL.
 */
export function cachedActionResolver(inner: ActionResolver, options: CachedResolverOptions): ActionResolver {
  const { redis, prefix } = options;
  const sleep = options.sleep ?? defaultSleep;
  const waitMs = options.waitMs ?? 10_000;

  const cached = async <E extends Cacheable>(
    key: string,
    schema: z.ZodType<E>,
    compute: () => Promise<E>,
  ): Promise<E> => {
    const read = async () => {
      const raw = await redis.get(key);
      if (raw === null) return undefined;
      const parsed = schema.safeParse(parseJson(raw));
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
      return failure(err);
    }
  };
  const unwrap = (e: Entry): ResolvedRef => {
    if (!e.ok) throw new ResolveError(e.reason, e.message);
    return { sha: e.sha, tag: e.tag, ...(e.refType ? { refType: e.refType } : {}) };
  };
  /** One optional look-up cached under `kind:key`, its failures as `resolve`'s are (transient ones never). */
  const lookup = <T>(kind: string, schema: z.ZodType<T>, key: string, call: () => Promise<T>): Promise<T> =>
    cached(
      `${prefix}${kind}:${key}`,
      valueEntry(schema) as z.ZodType<{ ok: true; value: T } | FailureEntry>,
      async () => {
        try {
          return { ok: true as const, value: await call() };
        } catch (err) {
          return failure(err);
        }
      },
    ).then((entry) => {
      if (!entry.ok) throw new ResolveError(entry.reason, entry.message);
      return entry.value;
    });
  const advisories = inner.advisories?.bind(inner);
  const repository = inner.repository?.bind(inner);
  const placement = inner.commitPlacement?.bind(inner);
  const branchExists = inner.branchExists?.bind(inner);
  const readMetadata = inner.actionMetadata?.bind(inner);
  const scope = options.metadataScope ? `${options.metadataScope}:` : '';
  return {
    async resolve(repo, ref) {
      return unwrap(
        await cached(`${prefix}ref:${repo.toLowerCase()}@${ref}`, entrySchema, () => settle(inner.resolve(repo, ref))),
      );
    },
    async tagFor(repo, sha) {
      const entry = await cached(`${prefix}tag:${repo.toLowerCase()}@${sha.toLowerCase()}`, entrySchema, () =>
        settle(inner.tagFor(repo, sha).then((tag) => ({ sha, tag }))),
      );
      return unwrap(entry).tag;
    },
    ...(advisories && {
      advisories: (repo: string) => lookup('adv', advisoriesValue, repo.toLowerCase(), () => advisories(repo)),
    }),
    ...(repository && {
      repository: (repo: string) => lookup('repo', repositoryValue, repo.toLowerCase(), () => repository(repo)),
    }),
    ...(placement && {
      commitPlacement: (repo: string, sha: string) =>
        lookup('placed', placementValue, `${repo.toLowerCase()}@${sha.toLowerCase()}`, () => placement(repo, sha)),
    }),
    ...(branchExists && {
      branchExists: (repo: string, name: string) =>
        lookup('branch', z.boolean(), `${repo.toLowerCase()}@${name}`, () => branchExists(repo, name)),
    }),
    ...(readMetadata && {
      async actionMetadata(repo: string, path: string, sha: string) {
        const key = `${prefix}meta:${scope}${repo.toLowerCase()}/${path}@${sha.toLowerCase()}`;
        const entry = await cached(key, metadataEntrySchema, async (): Promise<MetadataEntry> => {
          try {
            return { ok: true, text: await readMetadata(repo, path, sha) };
          } catch (err) {
            return failure(err);
          }
        });
        if (!entry.ok) throw new ResolveError(entry.reason, entry.message);
        return entry.text;
      },
    }),
  };
}

function failure(err: unknown): FailureEntry {
  if (err instanceof ResolveError) return { ok: false, reason: err.reason, message: err.message };
  throw err;
}

/** A corrupt entry is a miss, not a crash. */
function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
