import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../../../src/store/redis-probe.js';

export interface RestartableRedis {
  url: string;
  port: number;
  dir: string;
  /** SHUTDOWN (which fsyncs the AOF), then the same server again on the same port and directory. */
  restart(): Promise<void>;
  /** SIGKILL (the AOF is fsynced on every write, so nothing is lost); `start()` brings the same server back. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** CLIENT PAUSE for `ms` (every client command waits; the connections stay open). */
  pause(ms: number): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/** A private redis-server with AOF on every write, in a temporary directory, that a test can restart. */
export async function startAofRedis(): Promise<RestartableRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rampart-redis-aof-'));
  const url = `redis://127.0.0.1:${port}`;
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
  ];
  let child: ChildProcess;

  const launch = async (): Promise<void> => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    for (let i = 0; ; i++) {
      try {
        await probe.connect();
        // Answers LOADING while it replays the AOF; ready once a real command works.
        await probe.dbsize();
        break;
      } catch (err) {
        probe.disconnect();
        if (i > 200 || child.exitCode !== null)
          throw new Error(`redis-server did not start: ${(err as Error).message}`, { cause: err });
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    probe.disconnect();
  };
  const exit = async (how: () => Promise<void>): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    await how();
    await exited;
  };

  await launch();
  return {
    url,
    port,
    dir,
    async restart() {
      await exit(async () => {
        const admin = new Redis(url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
        admin.on('error', () => undefined);
        await admin.call('SHUTDOWN').catch(() => undefined); // the connection closes instead of answering
        admin.disconnect();
      });
      await launch();
    },
    kill: () => exit(async () => void child.kill('SIGKILL')),
    start: launch,
    async pause(ms) {
      const admin = new Redis(url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
      admin.on('error', () => undefined);
      await admin.call('CLIENT', 'PAUSE', String(ms), 'ALL');
      admin.disconnect();
    },
    async stop() {
      await exit(async () => void child.kill('SIGTERM'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
