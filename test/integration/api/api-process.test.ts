import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startEmulator, type EmulatorHandle } from '@rampart/github-emulator';
import { deleteByPrefix, randomKey, REDIS_URL } from './support/harness.js';

const RUN_CLI = fileURLToPath(new URL('./support/run-cli.ts', import.meta.url));
const prefix = `rampart-test-${randomBytes(6).toString('hex')}:`;
let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: {} });
});
afterAll(async () => {
  await emulator.close();
  const redis = new Redis(REDIS_URL);
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});

test('rampart api listens, answers, and stops cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', RUN_CLI, 'api'], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL,
      RAMPART_REDIS_PREFIX: prefix,
      RAMPART_MASTER_KEYS: `k1:${randomKey()}`,
      RAMPART_ALLOW_VOLATILE_REDIS: '1',
      GITHUB_API_URL: emulator.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /"port":(\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    void exited.then((code) => reject(new Error(`exited ${code} before listening: ${stderr}${stdout}`)));
  });
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
  expect(((await ready.json()) as { checks: { redis: string } }).checks.redis).toBe('ok');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { msg: string });
  expect(lines.map((l) => l.msg)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^listening on 127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^shutting down/),
      'stopped',
    ]),
  );
  expect(stderr).toBe('');
});
