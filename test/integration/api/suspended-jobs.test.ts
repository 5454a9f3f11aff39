import { suspendAccount } from '../../../src/accounts/suspend-account.js';
import { CI_WORKFLOW, noApp, seedAliceWithPat, startTestWorker } from '../orchestrate/support/orchestrate-fixture.js';
import { startHarness, type Harness } from './support/harness.js';
import { TOKENS } from './support/seed.js';

// A suspended account's work stops whatever queued it: a job already in the queue is ended as cancelled by the
// worker, and nothing is sent to GitHub with the account's PAT.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

test('a job of a suspended account is cancelled by the worker, with no request to GitHub', async () => {
  const token = await seedAliceWithPat(h, TOKENS.aliceClassic, [
    { name: 'svc-a', files: { '.github/workflows/ci.yml': CI_WORKFLOW } },
  ]);
  const started = await h.request('POST', '/api/v1/orchestrations', { token, json: { repositories: ['alice/svc-a'] } });
  expect(started.status).toBe(202);
  // Suspended after its job was queued (here without cancelling it, as if the worker got it first).
  const alice = await h.store.accounts.findByLogin('alice');
  if (!alice) throw new Error('no account for alice');
  await suspendAccount(
    { store: h.store, clock: h.clock },
    alice,
    { reason: 'operator', message: 'audit' },
    { via: 'admin' },
  );
  const since = h.emulator.control.requests().lastSeq;

  const worker = await startTestWorker(h, noApp);
  try {
    const run = (await h.store.runs.view(started.json.id)) ?? { repositories: [] };
    for (let i = 0; i < 100 && run.repositories.some((r) => r.status === 'queued' || r.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      Object.assign(run, await h.store.runs.view(started.json.id));
    }
    expect(run.repositories[0]).toMatchObject({
      status: 'cancelled',
      error: { code: 'cancelled', message: 'The account is suspended.' },
    });
  } finally {
    await worker.closeAll();
  }
  expect(h.emulator.control.requests({ since, token: TOKENS.aliceClassic }).entries).toEqual([]);
});
