import { HARDEN_JOB_ATTEMPTS } from '../../../src/queue/harden-queue.js';
import type { AppFallback } from '../../../workers/harden-job-deps.js';
import { startHarness, type Harness } from '../api/support/harness.js';
import { TOKENS } from '../api/support/seed.js';
import { seedAliceWithPat, startTestWorker, waitForRun } from './support/orchestrate-fixture.js';

type AppAnswer = Awaited<ReturnType<AppFallback['forRepository']>>;

/**
 * The PAT cannot see bob/secret, so every job asks the App, whose answer each test sets: the worker's JobFailures are
 * retried while retryable and recorded with their code and sentence when they end the job.
 */
describe('how a job that cannot get a credential ends', () => {
  let h: Harness;
  let token: string;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let answer: AppAnswer;
  let asked = 0;
  const app: AppFallback = {
    enabled: true,
    forRepository: async () => {
      asked++;
      return answer;
    },
  };

  beforeAll(async () => {
    h = await startHarness();
    token = await seedAliceWithPat(h, TOKENS.aliceClassic, []);
    worker = await startTestWorker(h, app, 1);
  });
  afterAll(async () => {
    await worker?.closeAll();
    await h?.close();
  });
  beforeEach(() => {
    asked = 0;
  });

  const secretRepository = async () => {
    const started = await h.request('POST', '/api/v1/orchestrations', {
      token,
      json: { repositories: ['bob/secret'] },
    });
    expect(started.status).toBe(202);
    const run = await waitForRun(h, token, started.json.id);
    return run.repositories[0];
  };

  test('GitHub failing on every attempt is retried (honouring its wait), then recorded as github_unavailable', async () => {
    const message =
      "GitHub did not answer while Rampart checked the GitHub App's access to bob/secret; Rampart will try again.";
    answer = { ok: false, code: 'github_unavailable', message, transient: true, retryAfterSeconds: 0.01 };
    expect(await secretRepository()).toMatchObject({
      status: 'failed',
      credential: null,
      error: {
        code: 'github_unavailable',
        message: `GitHub kept failing (${message}) after ${HARDEN_JOB_ATTEMPTS} attempts; run the repository again later.`,
      },
    });
    expect(asked).toBe(HARDEN_JOB_ATTEMPTS);
  });

  test('a permanent answer ends the job at its first attempt, with what the PAT and the App lack', async () => {
    answer = {
      ok: false,
      code: 'app_not_installed',
      message: 'The Rampart GitHub App is not installed on bob.',
      transient: false,
    };
    expect(await secretRepository()).toMatchObject({
      status: 'failed',
      error: {
        code: 'app_not_installed',
        message: expect.stringMatching(
          /^Your PAT cannot do this in bob\/secret: it cannot see the repository\. The Rampart GitHub App is not installed on bob\.$/,
        ),
      },
    });
    expect(asked).toBe(1);
  });
});
