import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, redisAnswers } from '../store/redis-probe.js';

export interface DemoRedis {
  url: string;
  /** Where it came from, for the banner. */
  origin: 'REDIS_URL' | 'private redis-server';
  stop(): Promise<void>;
}

/** The demo cannot go on; the message says how to get a Redis. */
export class NoRedisError extends Error {
  override name = 'NoRedisError';
}

export interface FindRedisOptions {
  redisUrl: string;
  /** Spawns redis-server; injected by tests. */
  spawnServer?: (args: string[]) => ChildProcess;
}

/**
 * The Redis at REDIS_URL if it answers; else a private `redis-server` on a free port, without persistence, for the
 * demo's lifetime; else NoRedisError with the two ways to get one.
 */
export async function findDemoRedis(options: FindRedisOptions): Promise<DemoRedis> {
  if (await redisAnswers(options.redisUrl, 1))
    return { url: options.redisUrl, origin: 'REDIS_URL', stop: async () => undefined };
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rampart-demo-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--maxmemory-policy',
    'noeviction',
  ];
  const spawnServer = options.spawnServer ?? ((a: string[]) => spawn('redis-server', a, { stdio: 'ignore' }));
  const child = spawnServer(args);
  const missing = new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(true));
    child.once('exit', () => resolve(true));
  });
  const url = `redis://127.0.0.1:${port}`;
  const started = await Promise.race([missing.then(() => false), redisAnswers(url, 100)]);
  if (!started) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new NoRedisError(
      [
        `no Redis answers at ${options.redisUrl} (REDIS_URL) and redis-server is not installed.`,
        'Get one either way, then run the demo again:',
        '  docker compose up -d redis            # from this repository (needs Docker)',
        '  sudo apt-get install redis-server     # or: brew install redis; the demo then starts its own',
      ].join('\n'),
    );
  }
  return {
    url,
    origin: 'private redis-server',
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
