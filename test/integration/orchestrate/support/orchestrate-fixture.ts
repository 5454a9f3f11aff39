import { Redis } from 'ioredis';
import { harden } from '../../../../src/harden/harden.js';
import { staticActionResolver } from '../../../../src/harden/resolver/static-action-resolver.js';
import { createAppCredentials } from '../../../../src/github/app/app-credentials.js';
import { createHardenQueue } from '../../../../src/queue/harden-queue.js';
import { startHardenWorker, type HardenWorker } from '../../../../workers/harden-worker.js';
import type { AppFallback, HardenJobDeps } from '../../../../workers/harden-job-deps.js';
import type { Harness } from '../../api/support/harness.js';

export const SHAS = {
  checkout: '11bd71901bbe5b1630ceea73d27597364c9af683',
  setupNode: '1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a',
  hardenRunner: '0634a2670c59f64b4a01f0f96f84700a4088b9f0',
};

/** Public action repositories whose tags carry the SHAs above, as on GitHub. */
export const ACTION_REPOS = [
  { owner: 'actions', name: 'checkout', tags: { v4: SHAS.checkout, 'v4.2.2': SHAS.checkout } },
  { owner: 'actions', name: 'setup-node', tags: { v4: SHAS.setupNode, 'v4.1.0': SHAS.setupNode } },
  { owner: 'step-security', name: 'harden-runner', tags: { v2: SHAS.hardenRunner, 'v2.12.0': SHAS.hardenRunner } },
].map((r) => ({
  owner: r.owner,
  name: r.name,
  private: false,
  default_branch: 'main',
  files: { 'action.yml': `name: ${r.name}\nruns:\n  using: node20\n  main: index.js\n` },
  tags: Object.fromEntries(Object.entries(r.tags).map(([t, sha]) => [t, { sha }])),
}));

export const CI_WORKFLOW = [
  'name: CI',
  'on: [push, pull_request]',
  'jobs:',
  '  test:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - uses: actions/setup-node@v4',
  '        with:',
  '          node-version: 20',
  '      - run: npm test',
  '',
].join('\n');

/**
 * What Rampart itself makes of the files (CI_WORKFLOW by default): a repository seeded with the result is already
 * hardened, and whatever the engine still finds in it is report-only.
 */
export async function hardenedFiles(
  input: Record<string, string> = { '.github/workflows/ci.yml': CI_WORKFLOW },
): Promise<Record<string, string>> {
  const resolver = staticActionResolver(
    Object.fromEntries(
      ACTION_REPOS.map((r) => [
        `${r.owner}/${r.name}`,
        { tags: Object.fromEntries(Object.entries(r.tags).map(([t, v]) => [t, v.sha])) },
      ]),
    ),
  );
  const files = new Map(Object.entries(input).map(([p, t]) => [p, new TextEncoder().encode(t)]));
  const result = await harden({ files, resolver });
  const out: Record<string, string> = { ...input };
  for (const [p, b] of result.changes) out[p] = new TextDecoder().decode(b);
  return out;
}

/** The action repositories (and their owners), which every orchestration test resolves refs against. */
export function seedActionRepos(h: Harness): void {
  h.emulator.control.seed({
    orgs: [
      { login: 'actions', id: 3001, members: {} },
      { login: 'step-security', id: 3002, members: {} },
    ],
    repositories: ACTION_REPOS,
  });
}

/** Seeds the action repositories and the given repositories of alice, creates her account and saves her PAT. */
export async function seedAliceWithPat(
  h: Harness,
  pat: string,
  repositories: Record<string, unknown>[],
): Promise<string> {
  seedActionRepos(h);
  h.emulator.control.seed({
    repositories: repositories.map((r) => ({ owner: 'alice', private: true, default_branch: 'main', ...r })),
  });
  const { token } = await h.createUser('alice');
  const saved = await h.request('PUT', '/api/v1/me/github-pat', {
    token,
    json: { name: 'laptop', token: pat, email: 'alice@example.com' },
  });
  if (saved.status !== 200) throw new Error(`saving the PAT failed: ${saved.text}`);
  return token;
}

/** A worker in this process, wired as `rampart worker` wires it, against the harness's Redis and emulator. */
/** The App fallback as `rampart worker` builds it, against the harness's emulator App. */
export function testAppCredentials(h: Harness): AppFallback {
  return createAppCredentials({ config: h.config, redis: h.redis, clock: h.clock, retryBaseMs: 10 });
}

export async function startTestWorker(
  h: Harness,
  app: AppFallback,
  concurrency = 2,
  extra: Partial<HardenJobDeps> = {},
): Promise<HardenWorker & { closeAll(): Promise<void> }> {
  const connection = new Redis(h.config.redisUrl, { maxRetriesPerRequest: null });
  const subscriber = new Redis(h.config.redisUrl);
  const queue = createHardenQueue(h.redis, h.store.keys.queuePrefix);
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const { createLogger, collectingDestination } = await import('../../../../src/log.js');
  const logger = createLogger({ level: 'warn', destination: collectingDestination((line) => h.logs.push(line)) });
  const worker = await startHardenWorker(
    {
      store: h.store,
      vault: h.vault,
      clock: h.clock,
      githubApiUrl: h.config.githubApiUrl,
      githubLog: silent,
      redis: h.redis,
      queue,
      app,
      logger,
      refCacheTtlSeconds: 3600,
      ...extra,
    },
    { concurrency, subscriber, connection },
  );
  return {
    ...worker,
    async closeAll() {
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await Promise.all([connection.quit(), subscriber.quit()]);
    },
  };
}

/** Polls the run until it is final. */
export async function waitForRun(h: Harness, token: string, id: string, timeoutMs = 30_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await h.request('GET', `/api/v1/orchestrations/${id}`, { token });
    if (res.json?.status === 'completed' || res.json?.status === 'cancelled') return res.json;
    if (Date.now() > until) throw new Error(`run ${id} not final after ${timeoutMs} ms: ${res.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const noApp: AppFallback = {
  enabled: false,
  forRepository: async () => ({
    ok: false,
    code: 'app_not_configured',
    message: 'The Rampart GitHub App is not configured.',
    transient: false,
  }),
};
