// Octokit's write queue shared through Redis by clients of different processes (each with its own cluster, as two
// workers would have), and the pacing working again by itself after its Redis restarts.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createOctokit, throttleIdFor, type GitHubClient } from '../../../src/github/octokit-factory.js';
import { RedisFailure } from '../../../src/errors.js';
import { classifyGitHubError } from '../../../src/github/classify-github-error.js';
import { throttleCluster, type ThrottleCluster } from '../../../src/github/throttle-cluster.js';
import { startAofRedis } from '../resilience/support/restartable-redis.js';
import { startEmulator, type EmulatorHandle } from '@rampart/github-emulator';
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
  const clusters: ThrottleCluster[] = [];
  let gh: EmulatorHandle;

  const worker = (): { cluster: ThrottleCluster; client: GitHubClient } => {
    const cluster = throttleCluster({ redis, prefix: throttlePrefix });
    clusters.push(cluster);
    return { cluster, client: createOctokit({ baseUrl: gh.url, token: TOKEN, retries: 0, throttleCluster: cluster }) };
  };
  const write = (client: GitHubClient, content: string) =>
    client.rest.git.createBlob({ owner: 'dev', repo: 'repo', content, encoding: 'utf-8' });

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

    const blobs = gh.control
      .requests({ since })
      .entries.filter((e) => e.method === 'POST' && e.path === '/repos/dev/repo/git/blobs');
    expect(blobs.map((e) => e.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const arrivals = blobs.map((e) => Date.parse(e.time) - e.durationMs).sort((x, y) => x - y);
    // Six writes a second apart span 5 s; each process alone would space only its own three (2 s). Generous bound.
    expect(arrivals[5]! - arrivals[0]!).toBeGreaterThanOrEqual(4000);
    // The one queue in Redis is the credential's, under the prefix (it expires a second after its last reservation).
    expect(Number(await redis.pexpire(`${throttlePrefix}write:${throttleIdFor(TOKEN)}`, 60_000))).toBe(1);
  });

  test('a Redis that restarts (scripts and connections lost) or is down: requests fail as Rampart’s Redis fault meanwhile, then pace again', async () => {
    const own = await startAofRedis();
    const conns = [0, 1].map(() => new Redis(own.url, { maxRetriesPerRequest: 1 }));
    conns.forEach((c) => c.on('error', () => undefined));
    try {
      const [a, b] = conns.map((c) => {
        const cluster = throttleCluster({ redis: c, prefix: throttlePrefix });
        clusters.push(cluster);
        return {
          cluster,
          client: createOctokit({ baseUrl: gh.url, token: TOKEN, retries: 0, throttleCluster: cluster }),
        };
      }) as [{ cluster: ThrottleCluster; client: GitHubClient }, { cluster: ThrottleCluster; client: GitHubClient }];
      await Promise.all([write(a.client, 'before-a'), write(b.client, 'before-b')]);

      await own.kill();
      const down = await write(a.client, 'down').catch((e: unknown) => e);
      expect(down).toBeInstanceOf(RedisFailure);
      expect(classifyGitHubError(down)).toMatchObject({ kind: 'rampart-redis', origin: 'rampart', transient: true });
      await expect(b.cluster.check()).rejects.toBeInstanceOf(RedisFailure);

      await own.start();
      await Promise.all(conns.map((c) => c.ping()));
      await b.cluster.check();
      const since = gh.control.requests().lastSeq;
      await Promise.all([write(a.client, 'after-a1'), write(b.client, 'after-b1'), write(a.client, 'after-a2')]);
      const blobs = gh.control
        .requests({ since })
        .entries.filter((e) => e.method === 'POST' && e.path === '/repos/dev/repo/git/blobs');
      expect(blobs.map((e) => e.status)).toEqual([201, 201, 201]);
      const arrivals = blobs.map((e) => Date.parse(e.time) - e.durationMs).sort((x, y) => x - y);
      expect(arrivals[2]! - arrivals[0]!).toBeGreaterThanOrEqual(1800);
    } finally {
      conns.forEach((c) => c.disconnect());
      await own.stop();
    }
  });
});
