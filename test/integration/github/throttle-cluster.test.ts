// Octokit's write queue shared through Redis by clients of different processes (each with its own cluster and
// connections, as two workers would have), and a process dying while it holds the queue's slot.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createOctokit, throttleIdFor, type GitHubClient } from '../../../src/github/octokit-factory.js';
import { throttleCluster, type ThrottleCluster } from '../../../src/github/throttle-cluster.js';
import { startEmulator, type EmulatorHandle } from '../../github-emulator/index.js';
import { deleteByPrefix, REDIS_URL } from '../api/support/harness.js';

const TOKEN = 'ghp_' + 'T'.repeat(36);
const seed = {
  users: [{ login: 'dev', id: 7, email: 'dev@example.com' }],
  repositories: [{ owner: 'dev', name: 'repo', private: true, default_branch: 'main', files: { 'README.md': 'hi\n' } }],
  tokens: [{ token: TOKEN, kind: 'classic', user: 'dev', scopes: ['repo'] }],
};

describe('throttleCluster: plugin-throttling write queues shared through Redis', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = `rampart-test-${randomBytes(6).toString('hex')}:`;
  const throttlePrefix = `${prefix}throttle:`;
  // Bottleneck's key for the credential's write queue (b_<group id>-<throttle id>_…), under the cluster's prefix.
  const writeKey = (suffix: string) => `${throttlePrefix}b_${throttlePrefix}octokit-write-${throttleIdFor(TOKEN)}_${suffix}`;
  const clusters: ThrottleCluster[] = [];
  let gh: EmulatorHandle;

  const worker = (): { cluster: ThrottleCluster; client: GitHubClient } => {
    const cluster = throttleCluster({ redis, prefix: throttlePrefix });
    clusters.push(cluster);
    return { cluster, client: createOctokit({ baseUrl: gh.url, token: TOKEN, retries: 0, throttleCluster: cluster }) };
  };
  const write = (client: GitHubClient, content: string) => client.rest.git.createBlob({ owner: 'dev', repo: 'repo', content, encoding: 'utf-8' });

  beforeAll(async () => {
    gh = await startEmulator({ seed });
  });
  afterAll(async () => {
    await Promise.all(clusters.map((c) => c.close()));
    await gh?.close();
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  });

  test('writes of one credential from two processes are spaced a second apart between them, not per process', async () => {
    const a = worker();
    const b = worker();
    const since = gh.control.requests().lastSeq;
    await Promise.all([0, 1, 2].flatMap((i) => [write(a.client, `a${i}`), write(b.client, `b${i}`)]));

    const blobs = gh.control.requests({ since }).entries.filter((e) => e.method === 'POST' && e.path === '/repos/dev/repo/git/blobs');
    expect(blobs.map((e) => e.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const arrivals = blobs.map((e) => Date.parse(e.time) - e.durationMs).sort((x, y) => x - y);
    // Six writes a second apart span 5 s; each process alone would space only its own three (2 s). Generous bound.
    expect(arrivals[5]! - arrivals[0]!).toBeGreaterThanOrEqual(4000);
    // Both processes took part in the one queue in Redis, and its keys live under the prefix.
    expect(await redis.zcard(writeKey('client_last_seen'))).toBe(2);
    const [, stray] = await redis.scan('0', 'MATCH', `b_${throttlePrefix}*`, 'COUNT', 1000);
    expect(stray).toEqual([]);
  });

  test('a process that dies holding the write slot blocks the others for seconds, not until its keys expire', async () => {
    const dying = worker();
    const survivor = worker();
    // The dying process takes the credential's only write slot (a job that never finishes), with another job queued
    // behind it, and then loses Redis without giving either back, as a SIGKILLed worker does.
    const never = () => new Promise<never>(() => {});
    const limiter = dying.cluster.groups.write.key(throttleIdFor(TOKEN));
    const held = limiter.schedule(never).catch((err: Error) => err);
    limiter.schedule(never).catch(() => undefined);
    for (let i = 0; (await redis.hget(writeKey('settings'), 'running')) !== '1'; i++) {
      if (i > 100) throw new Error('the dying process never took the write slot');
      await new Promise((r) => setTimeout(r, 50));
    }
    await dying.cluster.close();

    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const blocked = new Promise<'blocked'>((r) => (timer = setTimeout(() => r('blocked'), 30_000)));
    const res = await Promise.race([write(survivor.client, 'after'), blocked]).finally(() => clearTimeout(timer));
    expect(res).not.toBe('blocked');
    // The slot expires 5 s after it was taken and the next heartbeat (1 s) passes it on; generous for a busy machine.
    expect(Date.now() - started).toBeLessThan(20_000);
    // In the dying process the job timed out too (its timer would otherwise outlive the test).
    expect(await held).toMatchObject({ message: expect.stringMatching(/timed out/) });
  });
});
