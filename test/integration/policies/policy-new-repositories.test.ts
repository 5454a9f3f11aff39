import { startHarness, type Harness } from '../api/support/harness.js';
import { APP, TOKENS } from '../api/support/seed.js';
import {
  CI_WORKFLOW,
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

/**
 * New repositories: `repository` created (an installation on all repositories) and `installation_repositories` added
 * (a selection) start a run of the new repository for each `all` policy whose owner's PAT may write it, and only then.
 */
describe('a policy covering new repositories', () => {
  let h: Harness;
  let api: PolicyApi;
  let token: string;
  let policyId: string;
  let acmeInstallation: number;
  const workers: Array<{ closeAll(): Promise<void> }> = [];

  beforeAll(async () => {
    h = await startHarness();
    token = await seedAliceWithPat(h, TOKENS.aliceClassic, [
      { name: 'existing', files: { '.github/workflows/ci.yml': CI_WORKFLOW } },
    ]);
    h.emulator.control.seed({
      repositories: [
        { owner: 'acme', name: 'extra', private: true, files: { '.github/workflows/ci.yml': CI_WORKFLOW } },
      ],
    });
    h.emulator.control.addInstallation({ app_id: APP.id, account: 'alice', repositories: 'all' });
    h.emulator.control.addInstallation({ app_id: APP.id, account: 'bob', repositories: 'all' });
    acmeInstallation = Number(
      h.emulator.control.addInstallation({ app_id: APP.id, account: 'acme', repositories: ['acme/api'] }).id,
    );
    const timing = testTiming();
    api = await startPolicyApi(h, timing);
    sendAppWebhooksTo(h, api);
    workers.push(await startTestWorker(h, testAppCredentials(h)), await startTestPolicyWorker(h, timing));
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

  test('new_repositories needs "all"', async () => {
    const refused = await api.request('POST', '/api/v1/policies', {
      token,
      json: { name: 'Named', repositories: ['alice/existing'], triggers: { new_repositories: true } },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/needs repositories "all"/);
  });

  test('a repository created, and one added to a selection, each get one run; one the PAT cannot write gets none', async () => {
    const created = await api.request('POST', '/api/v1/policies', {
      token,
      json: { name: 'Everything new', repositories: 'all', triggers: { new_repositories: true } },
    });
    expect(created.status).toBe(201);
    policyId = created.json.id;

    h.emulator.control.createRepository({
      owner: 'alice',
      name: 'fresh',
      files: { '.github/workflows/ci.yml': CI_WORKFLOW },
    });
    h.emulator.control.createRepository({
      owner: 'bob',
      name: 'bobs-new',
      private: true,
      files: { '.github/workflows/ci.yml': CI_WORKFLOW },
    });
    h.emulator.control.changeInstallationRepositories(acmeInstallation, { add: ['acme/extra'] });
    await h.emulator.control.settled();
    expect(
      h.emulator.control
        .deliveries()
        .filter((d) => d.event === 'repository' || d.event === 'installation_repositories')
        .map((d) => [d.event, d.action, d.status]),
    ).toEqual([
      ['repository', 'created', 204],
      ['repository', 'created', 204],
      ['installation_repositories', 'added', 204],
    ]);

    const runs = await eventually('two completed runs', async () => {
      const all = await policyRuns();
      return all.length >= 2 && all.every((r) => r.status === 'completed') && all;
    });
    await sleep(1500);
    expect(await policyRuns()).toHaveLength(2);
    const byRepository = Object.fromEntries(runs.map((r) => [r.repositories[0].repository, r]));
    expect(Object.keys(byRepository).sort()).toEqual(['acme/extra', 'alice/fresh']);
    for (const run of runs) {
      expect(run).toMatchObject({
        trigger: 'new-repository',
        policy_id: policyId,
        repositories: [{ status: 'pr-opened' }],
      });
      expect(run.repositories).toHaveLength(1);
    }
    expect(h.emulator.control.pulls('bob', 'bobs-new')).toEqual([]);
    // Redelivered events find their jobs there and start nothing more.
    h.emulator.control.changeInstallationRepositories(acmeInstallation, { remove: ['acme/extra'] });
    h.emulator.control.changeInstallationRepositories(acmeInstallation, { add: ['acme/extra'] });
    await h.emulator.control.settled();
    await sleep(1500);
    expect(await policyRuns()).toHaveLength(2);
  });
});
