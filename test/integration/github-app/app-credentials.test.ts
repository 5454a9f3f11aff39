import type { AppCredentialResult } from '../../../src/github/app/app-credentials.js';
import { startAppHarness, type AppHarness } from './support/app-harness.js';
import { APP, INSTALLATIONS } from './support/app-seed.js';

// The GitHub App fallback against the emulator (docs/github-behaviour.md#app-path) and real Redis.
let h: AppHarness;
beforeEach(async () => {
  h = await startAppHarness();
});
afterEach(async () => h.close());

type Ok = Extract<AppCredentialResult, { ok: true }>;
type Failed = Extract<AppCredentialResult, { ok: false }>;

function ok(result: AppCredentialResult): Ok {
  if (!result.ok) throw new Error(`expected credentials, got ${result.code}: ${result.message}`);
  return result;
}

function failed(result: AppCredentialResult): Failed {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    return (err as { status: number }).status;
  }
}

test('installed: a client for the one repository, with Contents, Pull requests and Workflows write', async () => {
  const result = ok(await h.credentials().forRepository({ repository: 'acme/api', userLogin: 'writer' }));
  expect(result.installationId).toBe(INSTALLATIONS.acme);
  expect(Date.parse(result.expiresAt) - Date.now()).toBeGreaterThan(3_500_000);
  const { data } = await result.client.rest.repos.get({ owner: 'acme', repo: 'api' });
  expect(data.full_name).toBe('acme/api');

  // The token reaches acme/api only: the installation's other (private) repository is invisible to it, for reads and writes.
  expect(await status(result.client.rest.repos.get({ owner: 'acme', repo: 'web' }))).toBe(404);
  const head = h.emulator.control.repoState('acme', 'web').branches.main as string;
  expect(
    await status(result.client.rest.git.createRef({ owner: 'acme', repo: 'web', ref: 'refs/heads/x', sha: head })),
  ).toBe(404);
  expect(h.emulator.control.repoState('acme', 'web').branches).not.toHaveProperty('x');
  // …and it can write where it is meant to, workflow files included (a branch at main passes the workflows gate).
  const main = h.emulator.control.repoState('acme', 'api').branches.main as string;
  expect(
    await status(
      result.client.rest.git.createRef({ owner: 'acme', repo: 'api', ref: 'refs/heads/rampart/test', sha: main }),
    ),
  ).toBe(200);

  // One token minted for all of that, asked for acme/api alone with exactly the three permissions.
  expect(h.mints()).toBe(1);
  const minted = h.emulator.state.tokens;
  const installationTokens = [...minted.values()].filter((t) => t.kind === 'installation');
  expect(installationTokens).toHaveLength(1);
  expect(installationTokens[0]).toMatchObject({
    repositories: ['acme/api'],
    permissions: { contents: 'write', pull_requests: 'write', workflows: 'write' },
  });
});

test('not installed on the owner: says so, with where to install the App', async () => {
  const result = failed(await h.credentials().forRepository({ repository: 'globex/site', userLogin: 'writer' }));
  expect(result).toMatchObject({ code: 'app_not_installed', transient: false });
  expect(result.message).toBe(
    `The Rampart GitHub App is not installed on globex; an owner of globex can install it at ${h.emulator.url}/apps/${APP.slug}/installations/new.`,
  );
});

test('installed with selected repositories: a repository outside the selection is named, with where to add it', async () => {
  const creds = h.credentials();
  ok(await creds.forRepository({ repository: 'initech/portal', userLogin: 'writer' }));
  const result = failed(await creds.forRepository({ repository: 'initech/payroll', userLogin: 'writer' }));
  expect(result.code).toBe('repository_not_in_installation');
  expect(result.message).toMatch(
    /^The Rampart GitHub App is installed on initech but has no access to initech\/payroll; an owner of initech can add the repository to the installation at http:\/\/127\.0\.0\.1:\d+\/organizations\/initech\/settings\/installations\/9100002\.$/,
  );

  // Same answer when the first repository asked about is the one outside the selection (GitHub's 404 for the repository).
  const fresh = await startAppHarness();
  try {
    const first = failed(
      await fresh.credentials().forRepository({ repository: 'initech/payroll', userLogin: 'writer' }),
    );
    expect(first.code).toBe('repository_not_in_installation');
  } finally {
    await fresh.close();
  }
});

test('installation without Workflows: GitHub refuses the token (422), reported as app_lacks_permissions', async () => {
  const result = failed(await h.credentials().forRepository({ repository: 'umbrella/lab', userLogin: 'writer' }));
  expect(result.code).toBe('app_lacks_permissions');
  expect(result.message).toMatch(
    /^The Rampart GitHub App's installation on umbrella does not grant Contents, Pull requests and Workflows write access; an owner of umbrella must accept those permissions at http:\/\/\S+installations\/9100003 \(the App's owner may first need to request them\)\.$/,
  );
  const mints = h.emulator.control.requests().entries.filter((e) => e.path.endsWith('/access_tokens'));
  expect(mints.map((e) => e.status)).toEqual([422]);
});

test("the user's own role decides: write, maintain and admin pass; read, triage and no access do not", async () => {
  const creds = h.credentials();
  for (const login of ['writer', 'maintainer', 'administrator', 'owner']) {
    expect(ok(await creds.forRepository({ repository: 'acme/api', userLogin: login })).installationId).toBe(
      INSTALLATIONS.acme,
    );
  }
  const refused = async (login: string) =>
    failed(await creds.forRepository({ repository: 'acme/api', userLogin: login }));
  expect(await refused('reader')).toMatchObject({
    code: 'user_lacks_access',
    transient: false,
    message:
      'reader has read access to acme/api; the App only acts on repositories where you have write, maintain or admin.',
  });
  expect((await refused('triager')).message).toBe(
    'triager has triage access to acme/api; the App only acts on repositories where you have write, maintain or admin.',
  );
  expect((await refused('stranger')).message).toBe(
    'stranger has no access to acme/api; the App only acts on repositories where you have write, maintain or admin.',
  );
  expect((await refused('nobody-at-all')).message).toMatch(/^GitHub knows no user nobody-at-all/);
  expect(failed(await creds.forRepository({ repository: 'acme/api', userLogin: null })).code).toBe('user_lacks_access');
  // Only the first call looked the installation up.
  expect(h.installationLookups()).toBe(1);
});

test('installation look-ups are shared through Redis by separate credential objects (processes)', async () => {
  const workerA = h.credentials();
  const workerB = h.credentials();
  ok(await workerA.forRepository({ repository: 'acme/api', userLogin: 'writer' }));
  expect(h.installationLookups()).toBe(1);
  ok(await workerB.forRepository({ repository: 'acme/web', userLogin: 'writer' }));
  ok(await workerB.forRepository({ repository: 'acme/api', userLogin: 'writer' }));
  expect(h.installationLookups()).toBe(1);

  // Concurrent first uses of another owner, from two "processes" and several jobs each: one look-up.
  const results = await Promise.all([
    ...[1, 2, 3].map(() => workerA.forRepository({ repository: 'initech/portal', userLogin: 'writer' })),
    ...[1, 2, 3].map(() => workerB.forRepository({ repository: 'initech/portal', userLogin: 'writer' })),
  ]);
  expect(results.every((r) => r.ok)).toBe(true);
  expect(h.installationLookups()).toBe(2);

  // "Not installed" is cached too (shorter), so a run over many globex repositories asks once.
  await workerA.forRepository({ repository: 'globex/site', userLogin: 'writer' });
  const lookupsAfterGlobex = h.installationLookups();
  await workerB.forRepository({ repository: 'globex/site', userLogin: 'writer' });
  expect(h.installationLookups()).toBe(lookupsAfterGlobex);
});

test('an installation deleted/created webhook updates the shared cache: no stale id is used, no look-up is needed', async () => {
  const worker = h.credentials();
  ok(await worker.forRepository({ repository: 'acme/api', userLogin: 'writer' }));
  expect(h.installationLookups()).toBe(1);

  h.emulator.control.removeInstallation(INSTALLATIONS.acme);
  await h.emulator.control.settled();
  expect(h.emulator.control.deliveries().map((d) => [d.event, d.action, d.status])).toEqual([
    ['installation', 'deleted', 204],
  ]);
  const mintsBefore = h.mints();
  const gone = failed(await worker.forRepository({ repository: 'acme/api', userLogin: 'writer' }));
  expect(gone.code).toBe('app_not_installed');
  // Known from the webhook: neither a look-up nor a doomed mint with the old installation id.
  expect(h.installationLookups()).toBe(1);
  expect(h.mints()).toBe(mintsBefore);

  h.emulator.control.addInstallation({ app_id: APP.id, account: 'acme', id: 9_100_009 });
  await h.emulator.control.settled();
  const back = ok(await worker.forRepository({ repository: 'acme/api', userLogin: 'writer' }));
  expect(back.installationId).toBe(9_100_009);
  expect(h.installationLookups()).toBe(1);
});

test('without the webhook, a stale cached installation is noticed at minting (404) and looked up again once', async () => {
  const worker = h.credentials();
  ok(await worker.forRepository({ repository: 'acme/api', userLogin: 'writer' }));
  h.emulator.control.setWebhook({ app_id: APP.id, url: null });
  h.emulator.control.removeInstallation(INSTALLATIONS.acme);
  h.emulator.control.addInstallation({ app_id: APP.id, account: 'acme', id: 9_100_010 });
  const result = ok(await worker.forRepository({ repository: 'acme/api', userLogin: 'writer' }));
  expect(result.installationId).toBe(9_100_010);
  expect(h.installationLookups()).toBe(2);
});

test('transient GitHub failures (502) come back as github_unavailable, and are not cached as answers', async () => {
  const worker = h.credentials({ retries: 1, retryBaseMs: 1 });
  h.emulator.control.setLimits({ faults: { rate: 1, statuses: [502] } });
  const lookupFailed = failed(await worker.forRepository({ repository: 'acme/api', userLogin: 'writer' }));
  expect(lookupFailed).toMatchObject({ code: 'github_unavailable', transient: true });
  expect(lookupFailed.message).toBe(
    "GitHub did not answer while Rampart checked the GitHub App's access to acme/api; Rampart will try again.",
  );
  // plugin-retry tried the look-up twice (retries: 1).
  expect(h.emulator.control.requests().entries.filter((e) => e.outcome === 'fault').length).toBe(2);

  h.emulator.control.setLimits({ faults: { rate: 0 } });
  ok(await worker.forRepository({ repository: 'acme/api', userLogin: 'writer' }));

  // With the installation cached, a 502 while minting or checking the user is transient too.
  h.emulator.control.setLimits({ faults: { rate: 1, statuses: [502, 503] } });
  expect(failed(await worker.forRepository({ repository: 'acme/web', userLogin: 'writer' }))).toMatchObject({
    code: 'github_unavailable',
    transient: true,
  });
  h.emulator.control.setLimits({ faults: { rate: 0 } });
  ok(await worker.forRepository({ repository: 'acme/web', userLogin: 'writer' }));

  // GitHub unreachable (nothing listens there) is transient as well.
  const offline = h.credentials({ config: { ...h.config, githubApiUrl: 'http://127.0.0.1:9' } });
  expect(failed(await offline.forRepository({ repository: 'globex/site', userLogin: 'writer' }))).toMatchObject({
    code: 'github_unavailable',
    transient: true,
  });
});

test('a wrong private key is an operator problem, reported without the key', async () => {
  const { generateKeyPairSync } = await import('node:crypto');
  const wrongKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  const worker = h.credentials({
    config: { ...h.config, githubApp: { ...h.config.githubApp!, privateKeyPem: wrongKey } },
  });
  const result = failed(await worker.forRepository({ repository: 'acme/api', userLogin: 'writer' }));
  expect(result.code).toBe('app_not_configured');
  expect(result.message).toMatch(/GitHub refused the Rampart GitHub App's credentials/);
  expect(result.message).not.toMatch(/PRIVATE KEY/);
});

test('App not configured: disabled, and says what an administrator can do', async () => {
  const off = await startAppHarness({ app: false });
  try {
    const creds = off.credentials();
    expect(creds.enabled).toBe(false);
    const result = failed(await creds.forRepository({ repository: 'acme/api', userLogin: 'writer' }));
    expect(result.code).toBe('app_not_configured');
    expect(off.emulator.control.requests().count).toBe(0);
  } finally {
    await off.close();
  }
});

test('no installation token reaches Redis or the logs', async () => {
  const result = ok(await h.credentials().forRepository({ repository: 'acme/api', userLogin: 'writer' }));
  await result.client.rest.repos.get({ owner: 'acme', repo: 'api' });
  const tokens = [...h.emulator.state.tokens.values()].filter((t) => t.kind === 'installation').map((t) => t.token);
  expect(tokens.length).toBeGreaterThan(0);
  const keys = await h.redis.keys(`${h.prefix}*`);
  const values = await Promise.all(
    keys.map(async (k) => `${k}=${(await h.redis.type(k)) === 'string' ? ((await h.redis.get(k)) ?? '') : ''}`),
  );
  const stored = values.join('\n');
  for (const token of tokens) {
    expect(stored).not.toContain(token);
    expect(h.logs.join('\n')).not.toContain(token);
    expect(JSON.stringify(result, (k, v) => (k === 'client' ? undefined : v))).not.toContain(token);
  }
  expect(stored).not.toContain('PRIVATE KEY');
  expect(keys.filter((k) => k.includes('github-app')).sort()).toEqual([
    `${h.prefix}github-app:${APP.id}:installation:acme`,
  ]);
});
