import { startHarness, type Harness } from '../api/support/harness.js';
import { APP, TOKENS } from '../api/support/seed.js';
import {
  CI_WORKFLOW,
  SHAS,
  seedAliceWithPat,
  startTestWorker,
  testAppCredentials,
} from '../orchestrate/support/orchestrate-fixture.js';
import {
  eventually,
  sendAppWebhooksTo,
  sleep,
  startPolicyApi,
  startTestPolicyWorker,
  testTiming,
  type PolicyApi,
} from './support/policy-fixture.js';

const DEBOUNCE_MS = 800;
const lint = (n: number) =>
  `name: Lint ${n}\non: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo ${n}\n`;

/**
 * A push policy end to end: the emulator sends signed push webhooks to a real API, which queues a debounced job; a real
 * policy worker starts the run, a real harden worker opens the pull request. Real Redis throughout.
 */
describe('a policy reacting to pushes', () => {
  let h: Harness;
  let api: PolicyApi;
  let token: string;
  let policyId: string;
  let workers: Array<{ closeAll(): Promise<void> }> = [];

  beforeAll(async () => {
    h = await startHarness();
    token = await seedAliceWithPat(h, TOKENS.aliceClassic, [
      { name: 'svc', files: { 'README.md': '# svc\n', '.github/workflows/ci.yml': CI_WORKFLOW } },
      { name: 'other', files: { '.github/workflows/ci.yml': CI_WORKFLOW } },
    ]);
    h.emulator.control.addInstallation({ app_id: APP.id, account: 'alice', repositories: 'all' });
    const timing = testTiming({ debounceMs: DEBOUNCE_MS });
    api = await startPolicyApi(h, timing);
    sendAppWebhooksTo(h, api);
    workers = [await startTestWorker(h, testAppCredentials(h)), await startTestPolicyWorker(h, timing)];
    const created = await api.request('POST', '/api/v1/policies', {
      token,
      json: { name: 'Keep svc hardened', repositories: ['alice/svc'], triggers: { push: true } },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      status: 'active',
      triggers: { schedule: null, push: true, new_repositories: false },
      next_run_at: null,
      last_run: null,
      options: {},
    });
    policyId = created.json.id;
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) await w.closeAll();
    await api?.close();
    await h?.close();
  });

  const policyRuns = async () =>
    (await api.request('GET', `/api/v1/orchestrations?policy_id=${policyId}`, { token })).json.orchestrations as Array<
      Record<string, any>
    >;
  const push = (repo: string, files: Record<string, string | null>, message: string) =>
    h.emulator.control.pushCommit('alice', repo, { files, message, author: 'alice' });
  /** Long enough for a push's debounced job to have run, had there been one. */
  const quiet = () => sleep(DEBOUNCE_MS + 1500);

  test('a burst of pushes touching workflows makes exactly one run; other files and other repositories make none', async () => {
    push('svc', { 'README.md': '# svc, documented\n' }, 'Docs only');
    push('other', { '.github/workflows/lint.yml': lint(0) }, 'Not covered by the policy');
    await h.emulator.control.settled();
    await quiet();
    expect(await policyRuns()).toEqual([]);

    const heads = [1, 2, 3].map(
      (n) => push('svc', { '.github/workflows/lint.yml': lint(n) }, `Lint, take ${n}`).commit,
    );
    await h.emulator.control.settled();
    expect(
      h.emulator.control
        .deliveries()
        .filter((d) => d.event === 'push')
        .every((d) => d.status === 204),
    ).toBe(true);
    const [run] = await eventually('the push run to complete', async () => {
      const runs = await policyRuns();
      return runs.length > 0 && runs.every((r) => r.status === 'completed') && runs;
    });
    await quiet();
    const runs = await policyRuns();
    expect(runs).toHaveLength(1);
    expect(run).toMatchObject({
      policy_id: policyId,
      trigger: 'push',
      status: 'completed',
      repositories: [{ repository: 'alice/svc', status: 'pr-opened', credential: 'pat' }],
    });
    // The run read the default branch after the last push: its pull request pins the workflow as pushed last.
    const pinned = h.emulator.control.readFile(
      'alice',
      'svc',
      '.github/workflows/lint.yml',
      'rampart/harden-workflows',
    );
    expect(pinned).toContain('echo 3');
    expect(pinned).toContain(`actions/checkout@${SHAS.checkout}`);
    const policy = (await api.request('GET', `/api/v1/policies/${policyId}`, { token })).json;
    expect(policy.last_run).toMatchObject({ run_id: run?.id, trigger: 'push', repository: 'alice/svc', note: null });
    expect(heads).toHaveLength(3);
  });

  test("merging Rampart's own pull request pushes its commit to the default branch, and starts nothing", async () => {
    const [pr] = h.emulator.control.pulls('alice', 'svc');
    expect(pr).toBeDefined();
    h.emulator.control.mergePull('alice', 'svc', pr?.number ?? 0);
    await h.emulator.control.settled();
    const merged = h.emulator.control
      .deliveries()
      .filter((d) => d.event === 'push')
      .at(-1);
    expect(merged?.status).toBe(204);
    await quiet();
    expect(await policyRuns()).toHaveLength(1);
    // The API heard it and said why it let it go.
    expect(h.logs.some((l) => l.includes("Rampart's own change"))).toBe(true);
  });

  test('a paused policy ignores pushes; resumed, it reacts again', async () => {
    expect(
      (await api.request('PATCH', `/api/v1/policies/${policyId}`, { token, json: { paused: true } })).json,
    ).toMatchObject({ status: 'paused', paused: { reason: 'user' } });
    push('svc', { '.github/workflows/lint.yml': lint(4) }, 'While paused');
    await h.emulator.control.settled();
    await quiet();
    expect(await policyRuns()).toHaveLength(1);
    expect(
      (await api.request('PATCH', `/api/v1/policies/${policyId}`, { token, json: { paused: false } })).json,
    ).toMatchObject({ status: 'active', paused: null });
    push('svc', { '.github/workflows/lint.yml': lint(5) }, 'After resuming');
    await h.emulator.control.settled();
    await eventually('a second push run', async () => (await policyRuns()).length === 2);
  });
});
