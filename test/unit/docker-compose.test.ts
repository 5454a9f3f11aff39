import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseEnvFile } from '../../src/cli/env-file.js';
import { envSchema, SECRET_SETTINGS } from '../../src/config/env-schema.js';

// The compose file, the image and .env.example, read as an operator's tools read them (docs/deploy.md).
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, any> };
const example = read('.env.example');
const dockerfile = read('Dockerfile');
const SETTINGS = Object.keys(envSchema.shape);

/** Every KEY= of the example, set or commented out (`# KEY=…`). */
const mentioned = [...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] as string);

describe('docker-compose.yml', () => {
  test('Redis keeps data (AOF) and never evicts, and only the project’s containers reach it', () => {
    const command: string[] = compose.services.redis.command;
    expect(command.join(' ')).toContain('--appendonly yes');
    expect(command.join(' ')).toContain('--maxmemory-policy noeviction');
    expect(compose.services.redis.ports).toBeUndefined();
    expect(compose.services.redis.volumes).toEqual(['redis-data:/data']);
  });

  test('the API and the workers take every setting from .env, run read-only, and wait for a healthy Redis', () => {
    for (const name of ['api', 'worker']) {
      const s = compose.services[name];
      expect(s).toMatchObject({
        build: '.',
        command: [name],
        env_file: '.env',
        read_only: true,
        tmpfs: ['/tmp'],
        cap_drop: ['ALL'],
        restart: 'unless-stopped',
      });
      expect(s.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
      expect(s.profiles).toBeUndefined();
      // Only settings Rampart knows; .env holds the rest.
      for (const key of Object.keys(s.environment ?? {})) expect(SETTINGS).toContain(key);
    }
    // A published port would make `--scale worker=3` fail on the second container.
    expect(compose.services.worker.ports).toBeUndefined();
    expect(compose.services.worker.container_name).toBeUndefined();
    expect(compose.services.api.ports).toEqual(['127.0.0.1:3000:3000']);
  });

  test('healthchecks ask the API’s /healthz and the worker’s own health endpoint', () => {
    const port = compose.services.worker.environment.RAMPART_WORKER_METRICS_PORT;
    expect(compose.services.api.healthcheck.test).toEqual([
      'CMD',
      'node',
      'docker/healthcheck.mjs',
      'http://127.0.0.1:3000/healthz',
    ]);
    expect(compose.services.worker.healthcheck.test).toEqual([
      'CMD',
      'node',
      'docker/healthcheck.mjs',
      `http://127.0.0.1:${port}/healthz`,
    ]);
    for (const name of ['api', 'worker'])
      expect(compose.services[name].healthcheck).toMatchObject({
        interval: expect.any(String),
        retries: expect.any(Number),
      });
  });

  test('the demo runs only under its profile, from the image target that keeps the emulator', () => {
    expect(compose.services.demo.profiles).toEqual(['demo']);
    expect(compose.services.demo.command.slice(0, 1)).toEqual(['demo']);
    expect(compose.services.demo.build).toEqual({ context: '.', target: 'demo' });
    expect(compose.services.demo.environment.REDIS_URL).toBe('redis://redis:6379');
  });
});

describe('.env.example', () => {
  test('names every setting the configuration knows, and nothing else', () => {
    expect([...SETTINGS].sort()).toEqual([...new Set(mentioned)].sort());
    // What compose's containers need to start is set, not commented out.
    expect(parseEnvFile(example)).toMatchObject({
      REDIS_URL: 'redis://redis:6379',
      HOST: '0.0.0.0',
      RAMPART_TRUST_PROXY: '1',
      RAMPART_PUBLIC_URL: 'https://rampart.example.com',
    });
    expect(Object.keys(parseEnvFile(example))).toContain('RAMPART_MASTER_KEYS');
  });

  test('holds no secret: every secret setting is empty or commented out', () => {
    const set = parseEnvFile(example);
    for (const secret of SECRET_SETTINGS) if (secret !== 'REDIS_URL') expect(set[secret] ?? '').toBe('');
    for (const key of ['GITHUB_APP_ID', 'GITHUB_APP_CLIENT_ID', 'GITHUB_APP_PRIVATE_KEY']) expect(set[key]).toBe('');
  });

  test('every setting is explained by a comment in its paragraph', () => {
    const lines = example.split('\n');
    const unexplained = SETTINGS.filter((key) => {
      let i = lines.findIndex((l) => new RegExp(`^(# )?${key}=`).test(l)) - 1;
      for (; i >= 0 && lines[i] !== ''; i--) if (/^# (?![A-Z][A-Z0-9_]*=)/.test(lines[i] ?? '')) return false;
      return true;
    });
    expect(unexplained).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const production = stages.at(-1) ?? '';

  test('the production image: production dependencies and compiled code only, no root, a HEALTHCHECK', () => {
    expect(production).toMatch(/^node:20-slim\n/);
    expect(production).toMatch(/^RUN npm ci --omit=dev --workspaces=false\b/m);
    expect(production).toMatch(/^USER node$/m);
    expect(production).toMatch(/^HEALTHCHECK .*CMD \["node", "docker\/healthcheck\.mjs"\]$/m);
    // No sources, tests or emulator: only the stylesheet the pages serve, and the compiled src/ and workers/.
    const copies = production.match(/^COPY .*$/gm) ?? [];
    expect(copies).toEqual([
      'COPY package.json package-lock.json ./',
      'COPY bin ./bin',
      'COPY src/web/assets ./src/web/assets',
      'COPY --from=build /app/dist/src ./dist/src',
      'COPY --from=build /app/dist/workers ./dist/workers',
      'COPY docker/healthcheck.mjs ./docker/healthcheck.mjs',
    ]);
  });

  test('the demo target keeps the emulator; the build context leaves out secrets and tests', () => {
    expect(dockerfile).toMatch(/^COPY packages\/github-emulator /m);
    expect(stages.find((s) => s.startsWith('node:20-slim AS demo'))).toMatch(/^COPY --from=build \/app \.\/$/m);
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', 'test', 'packages/*/test', 'node_modules', 'dist']) expect(ignored).toContain(entry);
    expect(ignored).toContain('!.env.example');
  });
});
