import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '@rampart/github-emulator';
import { parseEnvFile } from '../../../src/cli/env-file.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { APP_SUBSCRIBED_EVENTS } from '../../../src/github/app/app-events.js';
import { createOctokit } from '../../../src/github/octokit-factory.js';
import { main } from '../../../src/main.js';

// `rampart admin app-manifest` end to end against the emulator: the local page, GitHub's registration, the code
// coming back, the conversion, and the env file Rampart then starts from.
let em: EmulatorHandle;
let dir: string;
beforeAll(async () => {
  em = await startEmulator({
    port: 0,
    seed: {
      users: [
        { login: 'alice', id: 1001 },
        { login: 'bob', id: 1002 },
      ],
      orgs: [{ login: 'acme', id: 2001, members: { alice: 'admin', bob: 'member' } }],
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'rampart-manifest-'));
});
afterAll(async () => {
  await em.close();
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: (t: string) => void out.push(t),
    stderr: (t: string) => void err.push(t),
    env: { GITHUB_API_URL: em.url, GITHUB_WEB_URL: em.url, ...env },
    cwd: dir,
  };
  const exit = main(['admin', 'app-manifest', ...args], io);
  return { exit, out, err };
}

const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

async function until<T>(find: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('--open: the page posts the manifest to GitHub, the code comes back, and the settings land in a 0600 env file', async () => {
  const envFile = join(dir, 'open.env');
  // An env file made from .env.example, readable by others: the App lines are filled in place, the rest kept.
  await writeFile(envFile, '# Rampart\nREDIS_URL=redis://redis:6379\nGITHUB_APP_ID=\n', { mode: 0o644 });
  const cli = run(['--url', 'https://rampart.example.com', '--org', 'acme', '--open', '--env-file', 'open.env']);
  const local = await until(() => /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(cli.out.join(''))?.[1], 'the local page');

  const page = await (await fetch(local)).text();
  const form = /<form method="post" action="([^"]+)"><input type="hidden" name="manifest" value="([^"]+)">/.exec(page);
  expect(form).not.toBeNull();
  const action = new URL(unescape(form?.[1] ?? ''));
  expect(`${action.origin}${action.pathname}`).toBe(`${em.url}/organizations/acme/settings/apps/new`);
  const manifest = JSON.parse(unescape(form?.[2] ?? '')) as Record<string, any>;
  expect(manifest).toMatchObject({
    url: 'https://rampart.example.com',
    hook_attributes: { url: 'https://rampart.example.com/api/v1/github/webhooks', active: true },
    callback_urls: ['https://rampart.example.com/auth/github/callback'],
    redirect_url: `${local}callback`,
    public: false,
  });
  // Exactly what Rampart needs: no Issues unless findings issues are asked for, and the events its handler takes.
  expect(manifest.default_permissions).toEqual({
    contents: 'write',
    pull_requests: 'write',
    workflows: 'write',
    metadata: 'read',
  });
  expect(manifest.default_events).toEqual([...APP_SUBSCRIBED_EVENTS]);

  // The organization owner creates it on "GitHub"; the browser follows the redirect back to the local page.
  const created = await fetch(action, {
    method: 'POST',
    body: new URLSearchParams({ manifest: JSON.stringify(manifest), login: 'alice' }),
    redirect: 'manual',
  });
  expect(created.status).toBe(302);
  const back = await fetch(created.headers.get('location') ?? '');
  expect(back.status).toBe(200);
  expect(await cli.exit).toBe(0);

  expect((await stat(envFile)).mode & 0o777).toBe(0o600);
  const text = await readFile(envFile, 'utf8');
  expect(text.startsWith('# Rampart\nREDIS_URL=redis://redis:6379\nGITHUB_APP_ID=')).toBe(true);
  const settings = parseEnvFile(text);
  expect(
    Object.keys(settings)
      .filter((k) => k.startsWith('GITHUB_APP_'))
      .sort(),
  ).toEqual([
    'GITHUB_APP_CLIENT_ID',
    'GITHUB_APP_CLIENT_SECRET',
    'GITHUB_APP_ID',
    'GITHUB_APP_PRIVATE_KEY',
    'GITHUB_APP_WEBHOOK_SECRET',
  ]);
  // Secrets go to the file only.
  const printed = cli.out.join('') + cli.err.join('');
  for (const secret of [settings.GITHUB_APP_CLIENT_SECRET, settings.GITHUB_APP_WEBHOOK_SECRET, 'PRIVATE KEY'])
    expect(printed).not.toContain(secret);
  expect(printed).toContain(`owned by acme`);

  // Rampart starts from that file: the App settings validate, and the key signs JWTs GitHub accepts.
  const config = loadConfig({
    ...settings,
    RAMPART_MASTER_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    GITHUB_API_URL: em.url,
  });
  expect(config.githubApp?.appId).toBe(Number(settings.GITHUB_APP_ID));
  const app = createOctokit({
    baseUrl: em.url,
    app: { appId: config.githubApp?.clientId ?? '', privateKey: config.githubApp?.privateKeyPem ?? '' },
    retries: 0,
  });
  const me = await app.request('GET /app');
  expect(me.data).toMatchObject({
    id: config.githubApp?.appId,
    permissions: manifest.default_permissions,
    events: manifest.default_events,
  });
});

test('without --open it prints the manifest and where to post it; --findings-issues adds Issues: write', async () => {
  const cli = run(['--findings-issues', '--name', 'Rampart Prod'], {
    RAMPART_PUBLIC_URL: 'https://rampart.example.com/',
  });
  expect(await cli.exit).toBe(0);
  const out = cli.out.join('');
  expect(out).toMatch(new RegExp(`${em.url}/settings/apps/new\\?state=[0-9a-f]{32}`));
  const manifest = JSON.parse(out.slice(out.indexOf('{'))) as Record<string, any>;
  expect(manifest.name).toBe('Rampart Prod');
  expect(manifest.redirect_url).toBe('https://rampart.example.com/setup/github-app');
  expect(manifest.default_permissions).toEqual({
    contents: 'write',
    pull_requests: 'write',
    workflows: 'write',
    metadata: 'read',
    issues: 'write',
  });
});

test('--code converts once; a spent or malformed code is refused with a sentence and writes nothing', async () => {
  const action = `${em.url}/settings/apps/new?state=s`;
  const manifest = {
    name: 'Rampart Code',
    url: 'https://r.example.com',
    hook_attributes: { url: 'https://r.example.com/api/v1/github/webhooks' },
    redirect_url: 'https://r.example.com/setup/github-app',
  };
  const created = await fetch(action, {
    method: 'POST',
    body: new URLSearchParams({ manifest: JSON.stringify(manifest), login: 'bob' }),
    redirect: 'manual',
  });
  const code = new URL(created.headers.get('location') ?? '').searchParams.get('code') ?? '';

  const first = run(['--code', code, '--env-file', 'code.env']);
  expect(await first.exit).toBe(0);
  expect(first.out.join('')).toMatch(/Wrote .*code\.env \(mode 0600\) with GITHUB_APP_ID, GITHUB_APP_CLIENT_ID/);
  const again = run(['--code', code, '--env-file', 'again.env']);
  expect(await again.exit).toBe(1);
  expect(again.err.join('')).toMatch(/already used, mistyped, or is older than an hour/);
  await expect(stat(join(dir, 'again.env'))).rejects.toThrow();
  const bad = run(['--code', 'not a code', '--env-file', 'bad.env']);
  expect(await bad.exit).toBe(1);
  expect(bad.err.join('')).toMatch(/not a code from GitHub/);
});

test('a URL is required, and must be http(s)', async () => {
  const none = run([]);
  expect(await none.exit).toBe(2);
  expect(none.err.join('')).toMatch(/give --url/);
  expect(await run(['--url', 'ftp://x.example.com']).exit).toBe(2);
});
