import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8')) as { services: Record<string, any> };

describe('docker-compose.yml', () => {
  test('Redis keeps data (AOF) and never evicts', () => {
    const command: string[] = compose.services.redis.command;
    expect(command.join(' ')).toContain('--appendonly yes');
    expect(command.join(' ')).toContain('--maxmemory-policy noeviction');
  });

  test('API and scalable workers from the Dockerfile; the demo only under its profile', () => {
    expect(compose.services.api).toMatchObject({ build: '.', command: ['api'] });
    expect(compose.services.worker).toMatchObject({ build: '.', command: ['worker'] });
    // A published port would make `--scale worker=3` fail on the second container.
    expect(compose.services.worker.ports).toBeUndefined();
    expect(compose.services.worker.container_name).toBeUndefined();
    expect(compose.services.demo.profiles).toEqual(['demo']);
    expect(compose.services.demo.command.slice(0, 1)).toEqual(['demo']);
    for (const name of ['api', 'worker', 'demo']) expect(compose.services[name].environment.REDIS_URL).toBe('redis://redis:6379');
    expect(compose.services.api.profiles).toBeUndefined();
  });

  test('the Dockerfile is node:20-slim, runs npm ci, and drops root', () => {
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20-slim$/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^COPY test\/github-emulator /m);
  });
});
