import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// docs/deploy.md with Docker: the image is built, the compose stack started with a .env (the GitHub emulator stands in
// for github.com, its sample App for Rampart's), and the operator's commands run as one-off containers. Needs a Docker
// daemon and the Compose plugin; without them the test is skipped, and says so.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const docker = (args: string[]) => spawnSync('docker', args, { encoding: 'utf8', timeout: 30_000 });
const missing =
  docker(['info']).status !== 0
    ? 'no Docker daemon'
    : docker(['compose', 'version']).status !== 0
      ? 'no Docker Compose plugin'
      : null;
const maybe = missing ? test.skip : test;
if (missing) console.log(`docker stack test skipped: ${missing} on this machine`);

const API_PORT = 38000 + Math.floor(Math.random() * 1000);
const project = `rampart-test-${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'rampart-stack-'));
const compose = (args: string[], timeout = 900_000) =>
  execFileSync('docker', ['compose', '-p', project, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

afterAll(() => {
  if (!missing)
    spawnSync('docker', ['compose', '-p', project, 'down', '-v', '--remove-orphans'], { cwd: dir, timeout: 120_000 });
  rmSync(dir, { recursive: true, force: true });
});

maybe(
  'the image builds, the stack becomes healthy, and the admin commands work as one-off containers',
  async () => {
    const seed = JSON.parse(
      readFileSync(join(ROOT, 'packages/github-emulator/test/fixtures/sample-seed.json'), 'utf8'),
    ) as {
      apps: Array<Record<string, string | number>>;
    };
    const app = seed.apps[0] ?? {};
    copyFileSync(join(ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
    writeFileSync(
      join(dir, '.env'),
      [
        `RAMPART_MASTER_KEYS=k1:${randomBytes(32).toString('base64')}`,
        `RAMPART_PUBLIC_URL=http://127.0.0.1:${API_PORT}`,
        'REDIS_URL=redis://redis:6379',
        'HOST=0.0.0.0',
        'PORT=3000',
        'RAMPART_TRUST_PROXY=1',
        'GITHUB_API_URL=http://127.0.0.1:8080',
        'GITHUB_WEB_URL=http://127.0.0.1:8080',
        `GITHUB_APP_ID=${app.id}`,
        `GITHUB_APP_CLIENT_ID=${app.client_id}`,
        `GITHUB_APP_CLIENT_SECRET=${app.client_secret}`,
        `GITHUB_APP_WEBHOOK_SECRET=${app.webhook_secret ?? 'secret'}`,
        `GITHUB_APP_PRIVATE_KEY=${String(app.private_key_pem).replace(/\n/g, '\\n')}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    // The emulator binds its loopback only, so the API and the workers share its network namespace.
    writeFileSync(
      join(dir, 'docker-compose.override.yml'),
      `services:
  emulator:
    build: { context: ${JSON.stringify(ROOT)}, target: demo }
    entrypoint: ["node", "packages/github-emulator/bin/github-emulator.js"]
    command: ["--port", "8080", "--seed", "packages/github-emulator/test/fixtures/sample-seed.json"]
    ports: ["127.0.0.1:${API_PORT}:3000"]
  api:
    build: ${JSON.stringify(ROOT)}
    network_mode: "service:emulator"
    ports: !reset []
    depends_on: { emulator: { condition: service_started }, redis: { condition: service_healthy } }
  worker:
    build: ${JSON.stringify(ROOT)}
    network_mode: "service:emulator"
    depends_on: { emulator: { condition: service_started }, redis: { condition: service_healthy } }
`,
    );

    compose(['build']);
    // One worker: here the workers share the emulator's network namespace, where two would both claim port 9464.
    compose(['up', '-d', '--scale', 'worker=1', '--wait', '--wait-timeout', '180']);
    const ps = compose(['ps', '--format', '{{.Service}} {{.Health}}']).trim().split('\n');
    expect(ps.filter((l) => /^(api|worker|redis) /.test(l)).every((l) => l.endsWith(' healthy'))).toBe(true);
    expect(ps.filter((l) => l.startsWith('worker '))).toHaveLength(1);

    const ready = await fetch(`http://127.0.0.1:${API_PORT}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    expect((await fetch(`http://127.0.0.1:${API_PORT}/auth/github/login`, { redirect: 'manual' })).status).toBe(302);

    const created = JSON.parse(
      compose([
        'run',
        '--rm',
        'api',
        'admin',
        'create-user',
        '--login',
        'alice',
        '--email',
        'alice@example.com',
        '--json',
      ]),
    ) as { token: string };
    const me = await fetch(`http://127.0.0.1:${API_PORT}/api/v1/me`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(me.status).toBe(200);
    expect(compose(['run', '--rm', 'api', 'admin', 'list-users'])).toMatch(/alice\s+1001\s+active/);
    expect(compose(['logs', 'api'])).toMatch(/sign-in is open to anyone/);

    // The production image: not root, nothing writable but /tmp, no tests or emulator inside.
    expect(compose(['exec', '-T', 'api', 'id', '-u']).trim()).not.toBe('0');
    expect(
      spawnSync('docker', ['compose', '-p', project, 'exec', '-T', 'api', 'touch', '/app/x'], { cwd: dir }).status,
    ).not.toBe(0);
    expect(compose(['exec', '-T', 'api', 'ls', '/app']).split('\n')).not.toEqual(
      expect.arrayContaining(['test', 'packages']),
    );
    compose(['exec', '-T', 'redis', 'redis-cli', '--rdb', '/data/backup.rdb']);
  },
  1_800_000,
);
