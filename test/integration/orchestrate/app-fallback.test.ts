import { startHarness, type Harness } from '../api/support/harness.js';
import { APP, fineGrainedToken } from '../api/support/seed.js';
import {
  CI_WORKFLOW,
  seedAliceWithPat,
  SHAS,
  startTestWorker,
  testAppCredentials,
  waitForRun,
} from './support/orchestrate-fixture.js';

/** A fine-grained PAT selected for one repository, without the Workflows permission. */
const PAT = fineGrainedToken('aliceNoWorkflows');

describe('falling back to the GitHub App, never beyond what the user may do', () => {
  let h: Harness;
  let token: string;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;

  beforeAll(async () => {
    h = await startHarness();
    h.emulator.control.seed({
      repositories: [
        { owner: 'alice', name: 'fg-selected', private: true, files: { '.github/workflows/ci.yml': CI_WORKFLOW } },
        { owner: 'alice', name: 'not-selected', private: true, files: { '.github/workflows/ci.yml': CI_WORKFLOW } },
        {
          owner: 'carol',
          name: 'tools',
          private: true,
          collaborators: { alice: 'read' },
          files: { '.github/workflows/ci.yml': CI_WORKFLOW },
        },
      ],
    });
    h.emulator.control.seed({
      tokens: [
        {
          token: PAT,
          kind: 'fine-grained',
          user: 'alice',
          repositories: ['alice/fg-selected'],
          permissions: { contents: 'write', pull_requests: 'write', metadata: 'read' },
          expires_at: '2031-01-01T00:00:00Z',
        },
      ],
    });
    token = await seedAliceWithPat(h, PAT, []);
    h.emulator.control.addInstallation({ app_id: APP.id, account: 'alice', repositories: 'all' });
    h.emulator.control.addInstallation({ app_id: APP.id, account: 'carol', repositories: 'all' });
    worker = await startTestWorker(h, testAppCredentials(h));
  });
  afterAll(async () => {
    await worker?.closeAll();
    await h?.close();
  });

  test('the PAT lacking Workflows, or not selected, hands over to the App; a read-only user is refused', async () => {
    const started = await h.request('POST', '/api/v1/orchestrations', {
      token,
      json: { repositories: ['alice/fg-selected', 'alice/not-selected', 'carol/tools'] },
    });
    expect(started.status).toBe(202);
    const run = await waitForRun(h, token, started.json.id);
    const get = (name: string) => run.repositories.find((r: { repository: string }) => r.repository === name);
    expect(get('alice/fg-selected')).toMatchObject({ status: 'pr-opened', credential: 'app' });
    expect(get('alice/not-selected')).toMatchObject({ status: 'pr-opened', credential: 'app' });
    expect(get('carol/tools')).toMatchObject({
      status: 'failed',
      error: {
        code: 'user_lacks_access',
        message: expect.stringMatching(/Your PAT cannot do this in carol\/tools: it cannot see the repository\..*read/),
      },
    });
    expect(h.emulator.control.pulls('carol', 'tools')).toEqual([]);
    const pr = h.emulator.control.pulls('alice', 'fg-selected');
    expect(pr).toHaveLength(1);
    expect(
      h.emulator.control.readFile('alice', 'fg-selected', '.github/workflows/ci.yml', 'rampart/harden-workflows'),
    ).toContain(`actions/checkout@${SHAS.checkout} # v4.2.2`);
  });
});
