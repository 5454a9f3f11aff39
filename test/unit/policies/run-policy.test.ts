import { runPolicy, type RunPolicyDeps } from '../../../src/policies/run-policy.js';
import { pausePoliciesOfRemovedPat } from '../../../src/policies/pause-for-removed-pat.js';
import type { PolicyRecord } from '../../../src/store/policy-store.js';
import type { RunRecord } from '../../../src/store/run-store.js';

const ACTOR = { via: 'test' };

function policy(over: Partial<PolicyRecord> = {}): PolicyRecord {
  return {
    id: 'pol_1',
    accountId: 'acc_1',
    name: 'p',
    repositories: ['o/a', 'o/b'],
    options: { draft: true },
    triggers: { schedule: 'daily', push: true, new_repositories: false },
    paused: null,
    lastRun: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** In-memory stand-ins: one policy, a PAT or none, and what startOrchestration was asked to do. */
function fakes(
  p: PolicyRecord | null,
  o: { pat?: boolean; app?: boolean; writable?: string[]; admitted?: boolean } = {},
) {
  const state = {
    policy: p,
    runs: new Map<string, RunRecord>(),
    enqueued: [] as string[][],
    created: [] as Array<Record<string, unknown>>,
    canWriteAsked: [] as string[],
  };
  const deps: RunPolicyDeps = {
    policies: {
      get: async () => state.policy,
      update: async (_id, change) => {
        const next = state.policy && change(state.policy);
        if (next) state.policy = next;
        return state.policy;
      },
    },
    credentials: { get: async () => (o.pat === false ? null : ({ login: 'alice' } as never)) },
    runs: { record: async (id) => state.runs.get(id) ?? null },
    start: {
      options: { get: async () => ({ options: { pr_title: 'Saved title' }, updatedAt: '' }) },
      credentials: {
        getWithGeneration: async () => (o.pat === false ? null : ({ record: {}, generation: 3 } as never)),
        generation: async () => 3,
      },
      runs: {
        create: async (input) => {
          state.created.push(input);
          const run = {
            id: input.id ?? 'x',
            accountId: input.accountId,
            createdAt: '',
            cancelledAt: null,
            credentialGeneration: 3,
            withPat: input.withPat,
            options: input.options,
            repositories: input.repositories,
          } as RunRecord;
          state.runs.set(run.id, run);
          return run;
        },
      },
      listPatRepositories: async () => ({
        repositories: [
          {
            id: 1,
            full_name: 'o/all-1',
            private: true,
            html_url: '',
            permissions: { admin: false, push: true, pull: true },
          },
        ],
      }),
      admit: async () => ({ admitted: o.admitted ?? true, waiting: 7 }),
      enqueue: async (_runId, _account, repositories) => void state.enqueued.push([...repositories]),
      newRunId: () => 'run_unused',
      maxWaiting: 10,
    },
    appEnabled: o.app ?? true,
    patCanWrite: async (_account, repository) => {
      state.canWriteAsked.push(repository);
      return (o.writable ?? []).includes(repository);
    },
    clock: { now: () => Date.parse('2026-02-03T04:05:06Z') },
  };
  return { deps, state };
}

describe('starting a policy run', () => {
  test('a schedule runs the listed repositories with the policy options over the saved ones, and records policy and trigger', async () => {
    const { deps, state } = fakes(policy());
    const outcome = await runPolicy(deps, {
      policyId: 'pol_1',
      trigger: 'schedule',
      runId: 'run_tick_00000001',
      actor: ACTOR,
    });
    expect(outcome).toMatchObject({ status: 'started', run: { id: 'run_tick_00000001' } });
    expect(state.created[0]).toMatchObject({
      repositories: ['o/a', 'o/b'],
      policyId: 'pol_1',
      trigger: 'schedule',
      options: expect.objectContaining({ draft: true, pr_title: 'Saved title' }),
    });
    expect(state.policy?.lastRun).toEqual({
      runId: 'run_tick_00000001',
      trigger: 'schedule',
      at: '2026-02-03T04:05:06.000Z',
      repository: null,
      note: null,
    });
  });

  test('"all" takes the PAT list on a schedule, and asks GitHub about the one repository of a push', async () => {
    const all = fakes(policy({ repositories: 'all' }), { writable: ['o/new'] });
    await runPolicy(all.deps, { policyId: 'pol_1', trigger: 'schedule', runId: 'run_a', actor: ACTOR });
    expect(all.state.created[0]).toMatchObject({ repositories: ['o/all-1'] });
    expect(
      await runPolicy(all.deps, {
        policyId: 'pol_1',
        trigger: 'new-repository',
        repository: 'o/new',
        runId: 'run_b',
        actor: ACTOR,
      }),
    ).toMatchObject({ status: 'started' });
    expect(all.state.created[1]).toMatchObject({ repositories: ['o/new'], trigger: 'new-repository' });
    expect(
      await runPolicy(all.deps, {
        policyId: 'pol_1',
        trigger: 'push',
        repository: 'someone/else',
        runId: 'run_c',
        actor: ACTOR,
      }),
    ).toEqual({
      status: 'skipped',
      reason: 'someone/else is not among the repositories your PAT may write',
    });
    expect(all.state.canWriteAsked).toEqual(['o/new', 'someone/else']);
  });

  test('a push outside a named list is skipped without asking GitHub', async () => {
    const { deps, state } = fakes(policy());
    expect(
      await runPolicy(deps, { policyId: 'pol_1', trigger: 'push', repository: 'O/B', runId: 'run_1', actor: ACTOR }),
    ).toMatchObject({ status: 'started' });
    expect(
      await runPolicy(deps, { policyId: 'pol_1', trigger: 'push', repository: 'o/z', runId: 'run_2', actor: ACTOR }),
    ).toMatchObject({ status: 'skipped' });
    expect(state.canWriteAsked).toEqual([]);
  });

  test('a retried job finds its run and queues its jobs again instead of starting a second run', async () => {
    const { deps, state } = fakes(policy());
    await runPolicy(deps, { policyId: 'pol_1', trigger: 'schedule', runId: 'run_same', actor: ACTOR });
    const again = await runPolicy(deps, { policyId: 'pol_1', trigger: 'schedule', runId: 'run_same', actor: ACTOR });
    expect(again).toMatchObject({ status: 'already-started', run: { id: 'run_same' } });
    expect(state.created).toHaveLength(1);
    expect(state.enqueued).toEqual([
      ['o/a', 'o/b'],
      ['o/a', 'o/b'],
    ]);
  });

  test('deleted or paused policies start nothing; a manual run starts a paused one', async () => {
    expect(
      await runPolicy(fakes(null).deps, { policyId: 'pol_1', trigger: 'schedule', runId: 'r', actor: ACTOR }),
    ).toEqual({ status: 'skipped', reason: 'the policy was deleted' });
    const paused = fakes(policy({ paused: { reason: 'user', message: 'Paused by you.', at: '' } }));
    expect(
      await runPolicy(paused.deps, {
        policyId: 'pol_1',
        trigger: 'push',
        repository: 'o/a',
        runId: 'r1',
        actor: ACTOR,
      }),
    ).toMatchObject({ status: 'skipped' });
    expect(
      await runPolicy(paused.deps, { policyId: 'pol_1', trigger: 'manual', runId: 'r2', actor: ACTOR }),
    ).toMatchObject({ status: 'started' });
  });

  test('without its PAT a policy that needs one is paused, saying why, and starts nothing', async () => {
    const { deps, state } = fakes(policy({ repositories: 'all' }), { pat: false });
    expect(await runPolicy(deps, { policyId: 'pol_1', trigger: 'schedule', runId: 'r', actor: ACTOR })).toMatchObject({
      status: 'paused',
    });
    expect(state.policy?.paused).toMatchObject({ reason: 'pat_removed', message: expect.stringMatching(/PAT/) });
    expect(state.created).toEqual([]);
    // Named repositories run through the App where it is configured; without the App they need the PAT too.
    expect(
      await runPolicy(fakes(policy(), { pat: false }).deps, {
        policyId: 'pol_1',
        trigger: 'schedule',
        runId: 'r',
        actor: ACTOR,
      }),
    ).toMatchObject({ status: 'started' });
    expect(
      await runPolicy(fakes(policy(), { pat: false, app: false }).deps, {
        policyId: 'pol_1',
        trigger: 'schedule',
        runId: 'r',
        actor: ACTOR,
      }),
    ).toMatchObject({ status: 'paused' });
  });

  test('a run refused for too many waiting repositories is noted on the policy', async () => {
    const { deps, state } = fakes(policy(), { admitted: false });
    expect(await runPolicy(deps, { policyId: 'pol_1', trigger: 'schedule', runId: 'r', actor: ACTOR })).toEqual({
      status: 'refused',
      waiting: 7,
      max: 10,
      requested: 2,
    });
    expect(state.policy?.lastRun).toMatchObject({
      runId: null,
      note: 'Not started: 7 repositories of at most 10 were already waiting.',
    });
  });
});

describe('pausing the policies of a removed PAT', () => {
  test('pauses the active ones that need it, once', async () => {
    const records = new Map([
      ['pol_all', policy({ id: 'pol_all', repositories: 'all' })],
      ['pol_named', policy({ id: 'pol_named' })],
      [
        'pol_paused',
        policy({
          id: 'pol_paused',
          repositories: 'all',
          paused: { reason: 'user', message: 'Paused by you.', at: '' },
        }),
      ],
    ]);
    const events: string[] = [];
    const policies = {
      listForAccount: async () => [...records.values()],
      update: async (id: string, change: (p: PolicyRecord) => PolicyRecord | null, event?: { type: string }) => {
        const current = records.get(id) ?? null;
        const next = current && change(current);
        if (next) {
          records.set(id, next);
          if (event) events.push(`${event.type} ${id}`);
        }
        return records.get(id) ?? null;
      },
    };
    const deps = { policies, clock: { now: () => 0 }, appEnabled: true };
    expect((await pausePoliciesOfRemovedPat(deps, 'acc_1', ACTOR)).map((p) => p.id)).toEqual(['pol_all']);
    expect(await pausePoliciesOfRemovedPat(deps, 'acc_1', ACTOR)).toEqual([]);
    expect(events).toEqual(['policy.paused pol_all']);
    expect(records.get('pol_paused')?.paused?.reason).toBe('user');
    expect((await pausePoliciesOfRemovedPat({ ...deps, appEnabled: false }, 'acc_1', ACTOR)).map((p) => p.id)).toEqual([
      'pol_named',
    ]);
  });
});
