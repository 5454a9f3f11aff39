import type { GitHubRepository } from '../../../src/github/github-schemas.js';
import { startOrchestration, type StartOrchestrationDeps } from '../../../src/orchestrate/start-orchestration.js';
import type { RunRecord } from '../../../src/store/run-store.js';

const repo = (full_name: string, extra: Partial<GitHubRepository> = {}): GitHubRepository => ({
  id: full_name.length,
  full_name,
  private: true,
  html_url: `https://github.example/${full_name}`,
  permissions: { admin: false, push: true, pull: true },
  ...extra,
});

interface Fakes {
  saved?: unknown;
  pat?: { generation: number } | null;
  generation?: number;
  listed?: GitHubRepository[];
  admitted?: { admitted: boolean; waiting: number };
}

/** Every dependency as a fake that records what it was given. */
function fakes(f: Fakes = {}) {
  const calls = {
    created: [] as Array<Parameters<StartOrchestrationDeps['runs']['create']>[0]>,
    admitted: [] as Array<Parameters<StartOrchestrationDeps['admit']>[0]>,
    enqueued: [] as Array<{ runId: string; accountId: string; repositories: readonly string[] }>,
    listed: [] as string[],
  };
  const deps: StartOrchestrationDeps = {
    options: {
      get: async () => (f.saved === undefined ? null : { options: f.saved, updatedAt: '2025-01-01T00:00:00.000Z' }),
    },
    credentials: {
      getWithGeneration: async () =>
        f.pat
          ? ({ record: {}, generation: f.pat.generation } as Awaited<
              ReturnType<StartOrchestrationDeps['credentials']['getWithGeneration']>
            >)
          : null,
      generation: async () => f.generation ?? 0,
    },
    runs: {
      create: async (input) => {
        calls.created.push(input);
        return {
          id: input.id ?? 'run_unexpected',
          accountId: input.accountId,
          repositories: input.repositories,
        } as RunRecord;
      },
    },
    listPatRepositories: async (accountId) => {
      calls.listed.push(accountId);
      return { repositories: f.listed ?? [] };
    },
    admit: async (input) => {
      calls.admitted.push(input);
      return f.admitted ?? { admitted: true, waiting: 0 };
    },
    enqueue: async (runId, accountId, repositories) => {
      calls.enqueued.push({ runId, accountId, repositories });
    },
    newRunId: () => 'run_fixed',
    maxWaiting: 50,
  };
  return { deps, calls };
}

describe('startOrchestration', () => {
  test('queues each named repository once, ignoring case, in the order given', async () => {
    const { deps, calls } = fakes({ pat: { generation: 3 } });
    const result = await startOrchestration(deps, {
      accountId: 'acc_1',
      repositories: ['alice/A', 'bob/b', 'alice/a', 'BOB/B', 'alice/c'],
    });
    expect(result).toMatchObject({ started: true, run: { id: 'run_fixed' } });
    expect(calls.admitted).toEqual([
      { runId: 'run_fixed', accountId: 'acc_1', repositories: ['alice/A', 'bob/b', 'alice/c'], max: 50 },
    ]);
    expect(calls.created[0]).toMatchObject({
      id: 'run_fixed',
      accountId: 'acc_1',
      repositories: ['alice/A', 'bob/b', 'alice/c'],
      credentialGeneration: 3,
      withPat: true,
    });
    expect(calls.enqueued).toEqual([
      { runId: 'run_fixed', accountId: 'acc_1', repositories: ['alice/A', 'bob/b', 'alice/c'] },
    ]);
    expect(calls.listed).toEqual([]);
  });

  test('"all" is every repository the PAT lists that some credential may write', async () => {
    const listed = [
      repo('alice/writable'),
      repo('alice/archived', { archived: true }),
      repo('alice/read-only', { permissions: { admin: false, push: false, pull: true } }),
      repo('alice/admin-only', { permissions: { admin: true, push: false, pull: true } }),
      repo('alice/role-unknown', { permissions: undefined }),
    ];
    const { deps, calls } = fakes({ pat: { generation: 1 }, listed });
    await startOrchestration(deps, { accountId: 'acc_1', repositories: 'all' });
    expect(calls.listed).toEqual(['acc_1']);
    expect(calls.created[0]?.repositories).toEqual(['alice/writable', 'alice/admin-only', 'alice/role-unknown']);
  });

  test('"all" without a saved PAT fails with the listing’s own error, before anything is counted or stored', async () => {
    const { deps, calls } = fakes();
    const noPat = new Error('No GitHub PAT is saved');
    deps.listPatRepositories = async () => Promise.reject(noPat);
    await expect(startOrchestration(deps, { accountId: 'acc_1', repositories: 'all' })).rejects.toBe(noPat);
    expect(calls.admitted).toEqual([]);
    expect(calls.created).toEqual([]);
  });

  test('the run’s options are the saved ones with this request’s top-level keys replacing them, defaults filling the rest', async () => {
    const saved = { branch: 'saved/branch', draft: true, harden: { hardenRunner: { egressPolicy: 'block' } } };
    const { deps, calls } = fakes({ saved });
    await startOrchestration(deps, {
      accountId: 'acc_1',
      repositories: ['a/b'],
      options: { pr_title: 'Just this run', harden: { rules: { 'pin-actions': false } } },
    });
    const options = calls.created[0]?.options as {
      branch: string;
      draft: boolean;
      pr_title: string;
      harden: { rules: Record<string, boolean>; hardenRunner: { egressPolicy: string } };
    };
    expect(options).toMatchObject({ branch: 'saved/branch', draft: true, pr_title: 'Just this run' });
    expect(options.harden.rules).toEqual({ 'pin-actions': false });
    // `harden` was replaced whole, so the saved egress policy gives way to the default.
    expect(options.harden.hardenRunner.egressPolicy).toBe('audit');
  });

  test('no saved options and no overrides: the defaults', async () => {
    const { deps, calls } = fakes();
    await startOrchestration(deps, { accountId: 'acc_1', repositories: ['a/b'] });
    expect(calls.created[0]?.options).toMatchObject({
      branch: 'rampart/harden-workflows',
      pr_title: 'Harden GitHub Actions workflows',
      draft: false,
    });
  });

  test('without a PAT the run records the credential generation it started under, and that no PAT was there', async () => {
    const { deps, calls } = fakes({ pat: null, generation: 7 });
    await startOrchestration(deps, { accountId: 'acc_1', repositories: ['a/b'] });
    expect(calls.created[0]).toMatchObject({ credentialGeneration: 7, withPat: false });
  });

  test('over the waiting limit: refused with the numbers, nothing stored or queued', async () => {
    const { deps, calls } = fakes({ admitted: { admitted: false, waiting: 48 } });
    const result = await startOrchestration(deps, { accountId: 'acc_1', repositories: ['a/b', 'a/c', 'a/d'] });
    expect(result).toEqual({ started: false, waiting: 48, max: 50, requested: 3 });
    expect(calls.created).toEqual([]);
    expect(calls.enqueued).toEqual([]);
  });
});
