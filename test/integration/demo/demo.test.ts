import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { findDemoRedis, NoRedisError } from '../../../src/demo/demo-redis.js';
import { REDIS_URL } from '../api/support/harness.js';

const RUN_CLI = fileURLToPath(new URL('../api/support/run-cli.ts', import.meta.url));

/** `rampart demo --run` in a child process, as a user runs it: real signals, real ports. */
describe('rampart demo --run', () => {
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', RUN_CLI, 'demo', '--run', '--port', '0'], {
      env: { ...process.env, REDIS_URL, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const until = Date.now() + 90_000;
    while (!stdout.includes('Still running')) {
      if (child.exitCode !== null || Date.now() > until)
        throw new Error(`demo did not finish its run:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 100_000);
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    child.stdout?.destroy();
    child.stderr?.destroy();
  });

  test('prints a token and commands, and a summary whose pull requests exist in the emulator; SIGTERM stops it cleanly', async () => {
    const emulatorUrl = /GitHub emulator\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    const apiUrl = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    const prefix = /keys under (rampart-demo-[0-9a-f]+:)/.exec(stdout)?.[1];
    expect(emulatorUrl && apiUrl && prefix).toBeTruthy();
    expect(stdout).toMatch(/export RAMPART_TOKEN=rpat_[A-Za-z0-9]+/);
    expect(stdout).toContain(`${apiUrl}/api/v1/orchestrations`);
    // The PAT is saved, never shown.
    expect(stdout + stderr).not.toMatch(/ghp_/);

    const rows = [...stdout.matchAll(/^ {2}(octocat\/[\w-]+)\s+(\S+)\s+(.*)$/gm)].map((m) => ({
      repository: m[1]!,
      status: m[2]!,
      detail: m[3]!,
    }));
    expect(rows.map((r) => [r.repository, r.status])).toEqual([
      ['octocat/web-frontend', 'pr-opened'],
      ['octocat/action-toolkit', 'pr-opened'],
      ['octocat/android-sdk', 'pr-opened'],
      ['octocat/repl-bot', 'pr-opened'],
      ['octocat/audited-service', 'clean'],
      ['octocat/nightly-builds', 'pr-opened'],
    ]);
    for (const row of rows.filter((r) => r.status === 'pr-opened')) {
      const [, number, url] = /^PR #(\d+) (\S+)$/.exec(row.detail) ?? [];
      expect(url).toBe(`${emulatorUrl}/${row.repository}/pull/${number}`);
      const pulls = (await (await fetch(`${emulatorUrl}/_emulator/repos/${row.repository}/pulls`)).json()) as Array<{
        number: number;
        state: string;
        head: string;
      }>;
      expect(pulls).toEqual([expect.objectContaining({ number: Number(number), state: 'open' })]);
    }
    // The web app is there, with sign-in through the emulator's GitHub.
    expect(stdout).toContain(`Open ${apiUrl}/ in a browser`);
    const signIn = await fetch(`${apiUrl}/sign-in`);
    expect(signIn.status).toBe(200);
    const html = await signIn.text();
    expect(html).toContain('Sign in with GitHub');
    expect((await fetch(`${apiUrl}/auth/github/login`, { redirect: 'manual' })).headers.get('location')).toMatch(
      new RegExp(`^${emulatorUrl}/login/oauth/authorize`),
    );
    // The API serves the demo's metrics (RAMPART_METRICS is on in the demo).
    expect((await fetch(`${apiUrl}/metrics`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Stopped.');
    const redis = new Redis(REDIS_URL);
    try {
      const [, keys] = await redis.scan('0', 'MATCH', `${prefix}*`, 'COUNT', 10_000);
      expect(keys).toEqual([]);
    } finally {
      await redis.quit();
    }
  });
});

describe('finding a Redis for the demo', () => {
  test('without a Redis at REDIS_URL nor redis-server, it says how to get one', async () => {
    const missing = () => {
      const fake = new EventEmitter() as ChildProcess;
      Object.assign(fake, { kill: () => true, exitCode: null });
      setImmediate(() => fake.emit('error', Object.assign(new Error('spawn redis-server ENOENT'), { code: 'ENOENT' })));
      return fake;
    };
    const err = await findDemoRedis({ redisUrl: 'redis://127.0.0.1:1', spawnServer: missing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoRedisError);
    expect((err as Error).message).toMatch(/docker compose up -d redis/);
    expect((err as Error).message).toMatch(/apt-get install redis-server/);
  });

  test('without a Redis at REDIS_URL it starts a private redis-server and stops it', async () => {
    const found = await findDemoRedis({ redisUrl: 'redis://127.0.0.1:1' });
    expect(found.origin).toBe('private redis-server');
    const probe = new Redis(found.url);
    expect(await probe.ping()).toBe('PONG');
    await probe.quit();
    await found.stop();
  });
});
