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
    const results = await Promise.all([wa.resolve('Org/Tool', 'v1'), wb.resolve('org/tool', 'v1'), wa.resolve('org/tool', 'v1'), wb.resolve('ORG/tool', 'v1')]);
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
});
