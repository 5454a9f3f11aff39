import { collectingDestination } from '../../../src/log.js';
import { DEMO_PUSHED_WORKFLOW, policyDemo, policyDemoSummary } from '../../../src/demo/policy-demo.js';
import { orchestrateDemo } from '../../../src/demo/orchestrate-demo.js';
import { startDemo, type DemoSession } from '../../../src/demo/start-demo.js';
import { REDIS_URL } from '../api/support/harness.js';

/** `rampart demo --run`'s second act, in process: a policy, a developer's push, GitHub's webhook, the policy's run. */
describe('the demo shows a policy reacting to a push', () => {
  let session: DemoSession;
  const logs: string[] = [];

  beforeAll(async () => {
    session = await startDemo({
      env: { REDIS_URL, LOG_LEVEL: 'warn' },
      port: 0,
      logDestination: collectingDestination((l) => logs.push(l)),
    });
  }, 60_000);
  afterAll(async () => session?.close());

  test("the push webhook starts the policy's run, which hardens the pushed workflow in Rampart's pull request", async () => {
    const repository = session.repositories[0] ?? '';
    const first = await orchestrateDemo(session.apiUrl, session.token, [repository]);
    expect(first.repositories[0]?.pull_request).toBeDefined();
    const shown = await policyDemo(session.apiUrl, session.emulatorUrl, session.token, repository);
    expect(shown.run).toMatchObject({
      status: 'completed',
      trigger: 'push',
      repositories: [{ repository, pull_request: { number: first.repositories[0]?.pull_request?.number } }],
    });
    const [owner = '', name = ''] = repository.split('/');
    const hardened =
      session.emulator.control.readFile(owner, name, DEMO_PUSHED_WORKFLOW.path, 'rampart/harden-workflows') ?? '';
    expect(hardened).toMatch(/actions\/checkout@[0-9a-f]{40} # v6/);
    expect(hardened).not.toBe(DEMO_PUSHED_WORKFLOW.text);
    const summary = policyDemoSummary(shown);
    expect(summary).toContain(`GitHub's push webhook started run ${shown.run.id}: completed`);
    // Indented past the first summary's rows, which the demo test reads by their two-space indent.
    expect(summary).not.toMatch(/^ {2}octocat\//m);
  });
});
