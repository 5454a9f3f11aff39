import { ResolveError } from '../../../../src/harden/resolver/action-resolver.js';
import { actionRefsFileSchema, staticActionResolver } from '../../../../src/harden/resolver/static-action-resolver.js';

const V1 = '1'.repeat(40);
const MAIN = '2'.repeat(40);
const ROOT = 'name: tool\nruns:\n  using: node20\n  main: index.js\n';
const SUB = 'name: sub\nruns:\n  using: composite\n  steps: []\n';

describe('staticActionResolver action metadata', () => {
  const resolver = staticActionResolver({
    'Acts/Tool': { tags: { v1: V1 }, branches: { main: MAIN }, actions: { '': ROOT, 'sub/dir': SUB } },
    'acts/bare': { tags: { v1: V1 } },
  });

  test('serves each directory of the table at every commit the table names for the repository', async () => {
    for (const commit of [V1, MAIN, MAIN.toUpperCase()]) {
      await expect(resolver.actionMetadata!('acts/tool', '', commit)).resolves.toBe(ROOT);
      await expect(resolver.actionMetadata!('ACTS/tool', 'sub/dir', commit)).resolves.toBe(SUB);
    }
  });

  test('a directory the table lacks, or a repository without actions, has none', async () => {
    await expect(resolver.actionMetadata!('acts/tool', 'sub', V1)).resolves.toBeNull();
    await expect(resolver.actionMetadata!('acts/bare', '', V1)).resolves.toBeNull();
  });

  test('an unknown commit or repository cannot be read', async () => {
    await expect(resolver.actionMetadata!('acts/tool', '', 'f'.repeat(40))).rejects.toMatchObject({
      reason: 'not-found',
    });
    await expect(resolver.actionMetadata!('acts/none', '', V1)).rejects.toBeInstanceOf(ResolveError);
  });

  test('the schema refuses action paths that are not plain directories', () => {
    for (const bad of ['/sub', 'sub/', 'a//b', '../x', 'a/./b']) {
      expect(actionRefsFileSchema.safeParse({ 'acts/tool': { tags: {}, actions: { [bad]: ROOT } } }).success).toBe(
        false,
      );
    }
    expect(actionRefsFileSchema.safeParse({ 'acts/tool': { actions: { '': ROOT, 'a/b-c.d': SUB } } }).success).toBe(
      true,
    );
  });
});
