import { ResolveError, type ActionResolver } from '../../../src/harden/resolver/action-resolver.js';
import { failOnUnavailable } from '../../../src/orchestrate/fail-on-unavailable.js';

const failing = (err: Error): ActionResolver => ({
  resolve: async () => Promise.reject(err),
  tagFor: async () => null,
  actionMetadata: async () => Promise.reject(err),
});

describe('failOnUnavailable', () => {
  test('a ref that does not exist is the engine’s to report: nothing is thrown afterwards', async () => {
    const watch = failOnUnavailable(failing(new ResolveError('not-found', 'no tag v9')));
    await expect(watch.resolver.resolve('a/b', 'v9')).rejects.toThrow('no tag v9');
    expect(() => watch.throwIfAny()).not.toThrow();
  });

  test('GitHub or Redis failing: the engine still sees a ResolveError, then the job gets the cause to retry on', async () => {
    const cause = Object.assign(new Error('socket hang up'), { name: 'RequestError' });
    const watch = failOnUnavailable(failing(new ResolveError('unavailable', 'GitHub could not be reached', { cause })));
    await expect(watch.resolver.actionMetadata!('a/b', '', 'c'.repeat(40))).rejects.toBeInstanceOf(ResolveError);
    expect(() => watch.throwIfAny()).toThrow(cause);
    const raw = new Error('Connection is closed.');
    const redis = failOnUnavailable(failing(raw));
    await expect(redis.resolver.resolve('a/b', 'v1')).rejects.toBe(raw);
    expect(() => redis.throwIfAny()).toThrow(raw);
  });

  test('a resolver without metadata stays without it', () => {
    const { resolver } = failOnUnavailable({
      resolve: async () => ({ sha: 'a'.repeat(40), tag: null }),
      tagFor: async () => null,
    });
    expect(resolver).not.toHaveProperty('actionMetadata');
  });
});
