import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Harness } from '../../api/support/harness.js';
import { classicToken } from '../../api/support/seed.js';
import { CI_WORKFLOW, hardenedFiles, seedActionRepos } from '../../orchestrate/support/orchestrate-fixture.js';

export const BRANCH = 'rampart/harden-workflows';
const FINAL = new Set([
  'pr-opened',
  'pr-updated',
  'up-to-date',
  'clean',
  'needs-review',
  'declined',
  'failed',
  'cancelled',
]);
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** One user (with a PAT of their own, so GitHub's per-credential write spacing runs in parallel) and their runs. */
export interface Tenant {
  login: string;
  pat: string;
  token: string;
  runId: string;
  repositories: string[];
}

/**
 * Seeds `users` GitHub users with a classic PAT and `perUser` repositories each (all needing hardening), creates the
 * Rampart accounts, saves the PATs and orchestrates each user's repositories: one run per user, all queued.
 */
export async function seedAndOrchestrate(h: Harness, tag: string, users: number, perUser = 1): Promise<Tenant[]> {
  const logins = Array.from({ length: users }, (_, i) => `${tag}${i}`);
  const pats = logins.map((l) => classicToken(`${l}Pat`));
  h.emulator.control.seed({
    users: logins.map((login, i) => ({
      login,
      id: 50_000 + Math.floor(Math.random() * 1_000_000) * 100 + i,
      email: `${login}@example.com`,
    })),
    repositories: logins.flatMap((owner) =>
      Array.from({ length: perUser }, (_, j) => ({
        owner,
        name: `svc-${j}`,
        private: true,
        default_branch: 'main',
        files: { 'README.md': `# ${owner} ${j}\n`, '.github/workflows/ci.yml': CI_WORKFLOW },
      })),
    ),
    tokens: logins.map((user, i) => ({
      token: pats[i]!,
      kind: 'classic' as const,
      user,
      scopes: ['repo', 'workflow', 'read:org'],
    })),
  });
  const tenants: Tenant[] = [];
  for (const [i, login] of logins.entries()) {
    const { token } = await h.createUser(login);
    const saved = await h.request('PUT', '/api/v1/me/github-pat', {
      token,
      json: { name: 'laptop', token: pats[i], email: `${login}@example.com` },
    });
    if (saved.status !== 200) throw new Error(`saving ${login}'s PAT answered ${saved.status}: ${saved.text}`);
    tenants.push({
      login,
      pat: pats[i]!,
      token,
      runId: '',
      repositories: Array.from({ length: perUser }, (_, j) => `${login}/svc-${j}`),
    });
  }
  for (const t of tenants) {
    const res = await h.request('POST', '/api/v1/orchestrations', {
      token: t.token,
      json: { repositories: t.repositories },
    });
    if (res.status !== 202) throw new Error(`orchestrating for ${t.login} answered ${res.status}: ${res.text}`);
    t.runId = res.json.id;
  }
  return tenants;
}

/** The public action repositories the workflows use; seeded once per emulator. */
export { seedActionRepos };

export interface RepoState {
  repository: string;
  status: string;
  pull_request?: { number: number; url: string };
  [k: string]: unknown;
}

/** Every repository's current result, across all tenants' runs (null for a run the API could not answer now). */
export async function repositoryStates(h: Harness, tenants: Tenant[]): Promise<{ runs: any[]; repos: RepoState[] }> {
  const runs = await Promise.all(
    tenants.map(async (t) => {
      try {
        const res = await h.request('GET', `/api/v1/orchestrations/${t.runId}`, { token: t.token });
        return res.status === 200 ? res.json : null;
      } catch {
        return null;
      }
    }),
  );
  return { runs, repos: runs.flatMap((r) => (r ? (r.repositories as RepoState[]) : [])) };
}

export const isFinal = (status: string): boolean => FINAL.has(status);

/** Polls until `ready` holds for the current states; throws after `timeoutMs` with the last states. */
export async function waitFor(
  h: Harness,
  tenants: Tenant[],
  what: string,
  ready: (s: { runs: any[]; repos: RepoState[] }) => boolean,
  timeoutMs = 45_000,
): Promise<{ runs: any[]; repos: RepoState[] }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await repositoryStates(h, tenants);
    if (s.runs.every((r) => r !== null) && ready(s)) return s;
    if (Date.now() > until)
      throw new Error(
        `not ${what} after ${timeoutMs} ms: ${JSON.stringify(s.repos.map((r) => [r.repository, r.status]))}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function waitForAllFinal(h: Harness, tenants: Tenant[], timeoutMs?: number) {
  return waitFor(h, tenants, 'all final', (s) => s.runs.every((r) => r?.status === 'completed'), timeoutMs);
}

/**
 * The guarantees: every run completed, every repository ended with exactly one open PR (never two), the result names
 * that PR, and Rampart's branch holds exactly the hardened files on top of the default branch.
 */
export async function expectExactlyOnePrEach(
  h: Harness,
  tenants: Tenant[],
  final: { runs: any[]; repos: RepoState[] },
): Promise<void> {
  const want = await hardenedFiles();
  expect(final.runs.map((r) => r.status)).toEqual(tenants.map(() => 'completed'));
  const problems: string[] = [];
  for (const t of tenants) {
    for (const repository of t.repositories) {
      const [owner, name] = repository.split('/') as [string, string];
      const result = final.repos.find((r) => r.repository === repository);
      const pulls = h.emulator.control.pulls(owner, name);
      if (!result) problems.push(`${repository}: no result`);
      // A job killed after opening the PR but before recording it finds the PR on retry: "already holds these changes".
      else if (!['pr-opened', 'pr-updated', 'up-to-date'].includes(result.status) || !result.pull_request)
        problems.push(`${repository}: ${JSON.stringify(result)}`);
      if (pulls.length !== 1) problems.push(`${repository}: ${pulls.length} pull requests`);
      const pr = pulls[0];
      if (pr && (pr.state !== 'open' || pr.head !== BRANCH || pr.base !== 'main'))
        problems.push(`${repository}: PR ${JSON.stringify(pr)}`);
      if (pr && result?.pull_request?.number !== pr.number)
        problems.push(`${repository}: result names PR ${result?.pull_request?.number}, GitHub has #${pr.number}`);
      const base = h.emulator.control.files(owner, name);
      const branch = h.emulator.control.files(owner, name, BRANCH);
      const expected = { ...base.files, ...want };
      if (JSON.stringify(sortKeys(branch.files)) !== JSON.stringify(sortKeys(expected)))
        problems.push(`${repository}: branch files ${Object.keys(branch.files).join(', ')} differ`);
      if (pr && pr.head_sha !== branch.commit)
        problems.push(`${repository}: PR head ${pr.head_sha} is not the branch ${branch.commit}`);
    }
  }
  expect(problems).toEqual([]);
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

export interface WorkerProcess {
  child: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process (SIGKILL) if it still runs, and waits for it. */
  stop(): Promise<void>;
}

/** `node bin/rampart.js worker`, a separate process, with the harness's settings (built dist/ required). */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['bin/rampart.js', 'worker'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resolves once the worker logged that it is ready (or rejects if it exits first). */
export async function workerReady(w: WorkerProcess, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!w.output.join('').includes('worker ready')) {
    if (w.child.exitCode !== null || w.child.signalCode !== null)
      throw new Error(`worker exited before it was ready:\n${w.output.join('')}`);
    if (Date.now() > until) throw new Error(`worker not ready after ${timeoutMs} ms:\n${w.output.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The repositories (of these tenants) the emulator has seen a given write on, e.g. `POST git/refs`. */
export function reposWithWrite(h: Harness, method: string, suffix: string): Set<string> {
  const out = new Set<string>();
  for (const e of h.emulator.control.requests().entries) {
    if (e.method !== method || e.status >= 300) continue;
    const m = /^\/repos\/([^/]+\/[^/]+)\/(.*)$/.exec(e.path);
    if (m && m[2] === suffix) out.add(m[1]!);
  }
  return out;
}
