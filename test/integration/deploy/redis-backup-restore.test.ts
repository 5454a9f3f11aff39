import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

// docs/deploy.md, "Backup and restore", on a real redis-server configured as docker-compose.yml configures it: a
// snapshot taken with `redis-cli --rdb` from the running server, restored by loading it with AOF off and then turning
// AOF on (with AOF on, Redis would load the append-only file and ignore the snapshot).
const available =
  spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;
const maybe = available ? test : test.skip;
if (!available) console.log('redis backup/restore test skipped: redis-server and redis-cli are not installed');

const dir = mkdtempSync(join(tmpdir(), 'rampart-redis-'));
const servers: ChildProcess[] = [];
afterAll(() => {
  for (const s of servers) s.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A redis-server as docker-compose.yml runs it (AOF or not, never evicting, no RDB save points of its own). */
async function start(
  data: string,
  port: number,
  appendonly: 'yes' | 'no',
): Promise<{ redis: Redis; stop(): Promise<void> }> {
  const server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      data,
      '--appendonly',
      appendonly,
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  servers.push(server);
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  for (
    let i = 0;
    i < 100 &&
    spawnSync('redis-cli', ['-p', String(port), 'ping'])
      .stdout?.toString()
      .trim() !== 'PONG';
    i++
  )
    await new Promise((r) => setTimeout(r, 50));
  const redis = new Redis({ port, host: '127.0.0.1' });
  return {
    redis,
    async stop() {
      redis.disconnect();
      spawnSync('redis-cli', ['-p', String(port), 'shutdown']);
      await exited;
    },
  };
}

maybe('a snapshot restores into a Redis that keeps using the append-only file', async () => {
  const data = join(dir, 'data');
  mkdirSync(data);
  const port = await freePort();
  let server = await start(data, port, 'yes');
  await server.redis.set('rampart:account:acc_1', '{"v":2}');
  await server.redis.xadd('rampart:account:acc_1:audit', '*', 'type', 'account.created');

  // Backup: a snapshot from the running server.
  const backup = join(dir, 'backup.rdb');
  execFileSync('redis-cli', ['-p', String(port), '--rdb', backup], { stdio: 'ignore' });
  expect(existsSync(backup)).toBe(true);
  await server.redis.set('rampart:account:acc_1', 'changed after the backup');
  await server.stop();

  // Restore: drop the append-only file, put the snapshot in place, load it with AOF off, then turn AOF on.
  rmSync(join(data, 'appendonlydir'), { recursive: true, force: true });
  copyFileSync(backup, join(data, 'dump.rdb'));
  server = await start(data, port, 'no');
  expect(await server.redis.get('rampart:account:acc_1')).toBe('{"v":2}');
  await server.redis.config('SET', 'appendonly', 'yes');
  for (let i = 0; i < 100; i++) {
    const info = await server.redis.info('persistence');
    if (/aof_enabled:1/.test(info) && /aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info))
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop();

  // Started as compose starts it, from the rewritten append-only file.
  server = await start(data, port, 'yes');
  expect(await server.redis.get('rampart:account:acc_1')).toBe('{"v":2}');
  expect(await server.redis.xlen('rampart:account:acc_1:audit')).toBe(1);
  await server.stop();
});
