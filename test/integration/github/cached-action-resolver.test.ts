import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { cachedActionResolver } from '../../../src/github/cached-action-resolver.js';
import { ResolveError, type ActionResolver } from '../../../src/harden/resolver/action-resolver.js';
import { deleteByPrefix, REDIS_URL } from '../api/support/harness.js';

const SHA = 'c'.repeat(40);

describe('cachedActionResolver (shared by workers through Redis)', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = `rampart-test-${randomBytes(6).toString('hex')}:action-ref:`;
  afterAll(async () => {
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  });

  function counting(answer: () => Promise<{ sha: string; tag: string | null }>) {
    const calls: string[] = [];
    const inner: ActionResolver = {
      resolve: async (repo, ref) => {
        calls.push(`${repo}@${ref}`);
        await new Promise((r) => setTimeout(r, 30));
        return answer();
      },
      tagFor: async (repo, sha) => {
        calls.push(`${repo}#${sha}`);
        return 'v1.2.3';
      },
    };
    return { inner, calls };
  }
  const options = { redis, prefix, ttlSeconds: 60, negativeTtlSeconds: 30 };

  test('concurrent resolutions of one ref from two "workers" reach GitHub once', async () => {
    const a = counting(async () => ({ sha: SHA, tag: 'v1.2.3' }));
    const b = counting(async () => ({ sha: SHA, tag: 'v1.2.3' }));
    const wa = cachedActionResolver(a.inner, options);
    const wb = cachedActionResolver(b.inner, options);
    const results = await Promise.all([
      wa.resolve('Org/Tool', 'v1'),
      wb.resolve('org/tool', 'v1'),
      wa.resolve('org/tool', 'v1'),
      wb.resolve('ORG/tool', 'v1'),
    ]);
    expect(results.every((r) => r.sha === SHA && r.tag === 'v1.2.3')).toBe(true);
    expect(a.calls.length + b.calls.length).toBe(1);
    await wb.tagFor('org/tool', SHA);
    await wa.tagFor('org/tool', SHA.toUpperCase());
    expect([...a.calls, ...b.calls].filter((c) => c.includes('#'))).toHaveLength(1);
  });

  test('a missing ref is remembered; a transient failure is not', async () => {
    let fails = 0;
    const missing = counting(async () => {
      throw new ResolveError('not-found', 'org/tool has no tag, branch or commit named v9');
    });
    const r = cachedActionResolver(missing.inner, options);
    await expect(r.resolve('org/tool', 'v9')).rejects.toMatchObject({ reason: 'not-found' });
    await expect(r.resolve('org/tool', 'v9')).rejects.toMatchObject({ reason: 'not-found' });
    expect(missing.calls).toHaveLength(1);
    const flaky = counting(async () => {
      fails++;
      throw new ResolveError('unavailable', 'GitHub answered 502');
    });
    const f = cachedActionResolver(flaky.inner, options);
    await expect(f.resolve('org/tool', 'v8')).rejects.toMatchObject({ reason: 'unavailable' });
    await expect(f.resolve('org/tool', 'v8')).rejects.toMatchObject({ reason: 'unavailable' });
    expect(fails).toBe(2);
  });

  describe('action metadata', () => {
    function metadataCounting(answer: (repo: string, path: string) => Promise<string | null>) {
      const calls: string[] = [];
      const inner: ActionResolver = {
        resolve: async () => ({ sha: SHA, tag: null }),
        tagFor: async () => null,
        actionMetadata: async (repo, path, sha) => {
          calls.push(`${repo}/${path}@${sha}`);
          await new Promise((r) => setTimeout(r, 30));
          return answer(repo, path);
        },
      };
      return { inner, calls };
    }

    test('a hit is served from Redis without asking the inner resolver, to every "worker" in the scope', async () => {
      const text = 'name: tool\nruns:\n  using: node20\n  main: index.js\n';
      const a = metadataCounting(async () => text);
      const b = metadataCounting(async () => text);
      const wa = cachedActionResolver(a.inner, options);
      const wb = cachedActionResolver(b.inner, options);
      const reads = await Promise.all([
        wa.actionMetadata!('Org/Tool', 'sub', SHA),
        wb.actionMetadata!('org/tool', 'sub', SHA.toUpperCase()),
      ]);
      expect(reads).toEqual([text, text]);
      await expect(wb.actionMetadata!('ORG/TOOL', 'sub', SHA)).resolves.toBe(text);
      expect(a.calls.length + b.calls.length).toBe(1);
      const key = `${prefix}meta:org/tool/sub@${SHA}`;
      expect(JSON.parse((await redis.get(key))!)).toEqual({ ok: true, text });
      expect(await redis.ttl(key)).toBeGreaterThan(options.negativeTtlSeconds);
    });

    test('"no metadata" (null) is cached like a hit', async () => {
      const none = metadataCounting(async () => null);
      const r = cachedActionResolver(none.inner, options);
      await expect(r.actionMetadata!('org/plain', '', SHA)).resolves.toBeNull();
      await expect(
        cachedActionResolver(metadataCounting(async () => 'x').inner, options).actionMetadata!('org/plain', '', SHA),
      ).resolves.toBeNull();
      expect(none.calls).toEqual([`org/plain/@${SHA}`]);
      expect(await redis.ttl(`${prefix}meta:org/plain/@${SHA}`)).toBeGreaterThan(options.negativeTtlSeconds);
    });

    test('"unavailable" is never cached; a missing repository is, briefly', async () => {
      let calls = 0;
      const flaky = metadataCounting(async () => {
        calls++;
        throw new ResolveError('unavailable', 'GitHub answered 502');
      });
      const f = cachedActionResolver(flaky.inner, options);
      await expect(f.actionMetadata!('org/flaky', '', SHA)).rejects.toMatchObject({ reason: 'unavailable' });
      await expect(f.actionMetadata!('org/flaky', '', SHA)).rejects.toMatchObject({ reason: 'unavailable' });
      expect(calls).toBe(2);
      expect(await redis.exists(`${prefix}meta:org/flaky/@${SHA}`)).toBe(0);
      const gone = metadataCounting(async () => {
        throw new ResolveError('not-found', 'org/gone was not found');
      });
      const g = cachedActionResolver(gone.inner, options);
      await expect(g.actionMetadata!('org/gone', '', SHA)).rejects.toMatchObject({
        reason: 'not-found',
        message: 'org/gone was not found',
      });
      await expect(g.actionMetadata!('org/gone', '', SHA)).rejects.toMatchObject({ reason: 'not-found' });
      expect(gone.calls).toHaveLength(1);
      expect(await redis.ttl(`${prefix}meta:org/gone/@${SHA}`)).toBeLessThanOrEqual(options.negativeTtlSeconds);
    });

    test("a scope keeps one account's metadata from another's; a corrupt entry is a miss", async () => {
      const mine = metadataCounting(async () => 'name: private\n');
      const theirs = metadataCounting(async () => null);
      await expect(
        cachedActionResolver(mine.inner, { ...options, metadataScope: 'account:a' }).actionMetadata!(
          'org/private',
          '',
          SHA,
        ),
      ).resolves.toBe('name: private\n');
      await expect(
        cachedActionResolver(theirs.inner, { ...options, metadataScope: 'account:b' }).actionMetadata!(
          'org/private',
          '',
          SHA,
        ),
      ).resolves.toBeNull();
      expect(theirs.calls).toHaveLength(1);
      await redis.set(`${prefix}meta:org/corrupt/@${SHA}`, '{"ok":true,"text":42}');
      const fresh = metadataCounting(async () => 'name: fresh\n');
      await expect(cachedActionResolver(fresh.inner, options).actionMetadata!('org/corrupt', '', SHA)).resolves.toBe(
        'name: fresh\n',
      );
      expect(fresh.calls).toHaveLength(1);
    });

    test('a resolver without actionMetadata stays without it', () => {
      const { inner } = counting(async () => ({ sha: SHA, tag: null }));
      expect(cachedActionResolver(inner, options)).not.toHaveProperty('actionMetadata');
    });
  });
});
