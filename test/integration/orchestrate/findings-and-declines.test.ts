import { startHarness, type Harness } from '../api/support/harness.js';
import { APP, fineGrainedToken, TOKENS } from '../api/support/seed.js';
import {
  CI_WORKFLOW,
  hardenedFiles,
  noApp,
  seedAliceWithPat,
  startTestWorker,
  waitForRun,
} from './support/orchestrate-fixture.js';

/** Problems Rampart reports but does not change: a pwn-request trigger, `secrets: inherit`, a ref it cannot resolve. */
const PWN_REQUEST = [
  'name: PR checks',
  'on: pull_request_target',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '        with:',
  '          ref: ${{ github.event.pull_request.head.sha }}',
  '      - run: npm test',
  '  call:',
  '    uses: octo-org/reusable/.github/workflows/x.yml@v1',
  '    secrets: inherit',
  '',
].join('\n');

/**
 * Every finding reaches the user, and pull requests have a life: end to end against the emulator, real Redis, the API
 * and a worker, with a classic PAT and no GitHub App (so closed pull requests are learnt from the next run's snapshot).
 */
describe('findings, findings issues and declined pull requests', () => {
  let h: Harness;
  let token: string;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let reportOnly: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness();
    // What Rampart makes of the workflow: fixed wherever it can be, so only report-only findings are left in it.
    reportOnly = await hardenedFiles({ '.github/workflows/pr.yml': PWN_REQUEST });
    token = await seedAliceWithPat(h, TOKENS.aliceClassic, [
      { name: 'svc-report', files: reportOnly },
      { name: 'svc-issue', files: reportOnly },
      { name: 'svc-decline', files: { '.github/workflows/ci.yml': CI_WORKFLOW } },
      { name: 'svc-hooks', files: { '.github/workflows/ci.yml': CI_WORKFLOW } },
    ]);
    worker = await startTestWorker(h, noApp);
  });
  afterAll(async () => {
    await worker.closeAll();
    await h.close();
  });

  const orchestrate = async (repositories: string[], options?: Record<string, unknown>) => {
    const res = await h.request('POST', '/api/v1/orchestrations', {
      token,
      json: { repositories, ...(options ? { options } : {}) },
    });
    expect(res.status).toBe(202);
    return waitForRun(h, token, res.json.id);
  };
  const one = async (repository: string, options?: Record<string, unknown>) =>
    (await orchestrate([repository], options)).repositories[0];
  /** What a run sent to one repository: writes are anything but GET, and GraphQL mutations. */
  const since = () => h.emulator.control.requests().lastSeq;
  const calls = (from: number, repository: string) =>
    h.emulator.control
      .requests({ since: from, token: TOKENS.aliceClassic })
      .entries.filter((e) => e.path.startsWith(`/repos/${repository}/`) || e.path === '/graphql')
      .map(
        (e) =>
          `${e.method} ${e.path.replace(/[0-9a-f]{40}$/, '<sha>')}${e.operation === 'mutation' ? ' (mutation)' : ''}`,
      );
  const writes = (list: string[]) =>
    list.filter((c) => !c.startsWith('GET ') && (!c.startsWith('POST /graphql') || c.endsWith('(mutation)')));
  const gh = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.emulator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKENS.aliceClassic}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: await res.json() };
  };

  test('a report-only repository needs review: every finding is listed with severity, file and line, and nothing is written', async () => {
    const from = since();
    const result = await one('alice/svc-report');
    expect(result).toMatchObject({
      status: 'needs-review',
      credential: 'pat',
      changes: [],
      note: expect.stringContaining('nothing Rampart can change'),
    });
    expect(result.pull_request).toBeUndefined();
    const rules = result.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['dangerous-triggers', 'secrets-inherit', 'pin-actions']));
    expect(result.findings.every((f: { fixed: boolean }) => !f.fixed)).toBe(true);
    // Most serious first, each with where it is, and a link base to the files as read.
    expect(result.findings[0]).toMatchObject({
      rule: 'dangerous-triggers',
      severity: 'critical',
      confidence: expect.any(String),
      path: '.github/workflows/pr.yml',
      line: expect.any(Number),
      fixed: false,
    });
    const secrets = result.findings.find((f: { rule: string }) => f.rule === 'secrets-inherit');
    expect((reportOnly['.github/workflows/pr.yml'] ?? '').split('\n')[secrets.line - 1]).toContain('secrets: inherit');
    expect(result.source_url).toMatch(/^https?:\/\/.*\/alice\/svc-report\/blob\/[0-9a-f]{40}$/);
    expect(writes(calls(from, 'alice/svc-report'))).toEqual([]);
    expect(h.emulator.control.pulls('alice', 'svc-report')).toEqual([]);
  });

  test('with report_findings "issue": one labelled issue, no write on a run with nothing new, closed when nothing is left', async () => {
    let from = since();
    const first = await one('alice/svc-issue', { report_findings: 'issue' });
    expect(first).toMatchObject({ status: 'needs-review', issue: { number: expect.any(Number), state: 'open' } });
    expect(writes(calls(from, 'alice/svc-issue'))).toEqual(['POST /repos/alice/svc-issue/issues']);
    const issue = (await gh('GET', `/repos/alice/svc-issue/issues/${first.issue.number}`)).json;
    expect(issue).toMatchObject({
      state: 'open',
      title: 'Rampart: GitHub Actions findings to review',
      labels: [expect.objectContaining({ name: 'rampart' })],
    });
    expect(issue.body).toContain('**critical** [`.github/workflows/pr.yml` line');
    expect(issue.body).toContain('/alice/svc-issue/blob/main/.github/workflows/pr.yml#L');
    expect(first.issue.url).toBe(issue.html_url);

    // Nothing changed: the snapshot read the issue, so the run writes nothing.
    from = since();
    const second = await one('alice/svc-issue', { report_findings: 'issue' });
    expect(second).toMatchObject({ status: 'needs-review', issue: { number: first.issue.number, state: 'open' } });
    expect(calls(from, 'alice/svc-issue').filter((c) => c.startsWith('POST /graphql'))).toHaveLength(2);
    expect(writes(calls(from, 'alice/svc-issue'))).toEqual([]);

    // The workflow is fixed by hand: nothing left, the issue is closed in the same one request.
    const hardenedCi = await hardenedFiles();
    const current = (await gh('GET', '/repos/alice/svc-issue/contents/.github/workflows/pr.yml')).json;
    const put = await gh('PUT', '/repos/alice/svc-issue/contents/.github/workflows/pr.yml', {
      message: 'Replace the PR workflow',
      content: Buffer.from(hardenedCi['.github/workflows/ci.yml']!).toString('base64'),
      sha: current.sha,
    });
    expect(put.status).toBe(200);
    from = since();
    const third = await one('alice/svc-issue', { report_findings: 'issue' });
    expect(third).toMatchObject({ status: 'clean', issue: { number: first.issue.number, state: 'closed' } });
    expect(writes(calls(from, 'alice/svc-issue'))).toEqual([
      `PATCH /repos/alice/svc-issue/issues/${first.issue.number}`,
    ]);
    expect((await gh('GET', `/repos/alice/svc-issue/issues/${first.issue.number}`)).json).toMatchObject({
      state: 'closed',
      state_reason: 'completed',
    });
  });

  test('a pull request closed without merging is not reopened; different changes get a new one, and the old decline is remembered', async () => {
    const opened = await one('alice/svc-decline');
    expect(opened).toMatchObject({ status: 'pr-opened', pull_request: { number: 1, state: 'open' } });
    expect(opened.findings.filter((f: { fixed: boolean }) => f.fixed).length).toBe(opened.changes.length);
    // Closed on GitHub; no App, so no webhook: the next run reads it from the snapshot.
    h.emulator.control.closePull('alice', 'svc-decline', 1);

    let from = since();
    const declined = await one('alice/svc-decline');
    expect(declined).toMatchObject({
      status: 'declined',
      pull_request: { number: 1, state: 'declined' },
      note: expect.stringContaining('closed without merging'),
    });
    expect(writes(calls(from, 'alice/svc-decline'))).toEqual([]);
    expect(h.emulator.control.pulls('alice', 'svc-decline').map((p) => p.state)).toEqual(['closed']);

    // Other changes (without the Dependabot file) are offered in a new pull request, which says why.
    const differ = await one('alice/svc-decline', { harden: { rules: { 'dependabot-actions': false } } });
    expect(differ).toMatchObject({
      status: 'pr-opened',
      pull_request: { number: 2, state: 'open' },
      note: expect.stringContaining('pull request #1 was closed without merging; these changes differ'),
    });
    h.emulator.control.closePull('alice', 'svc-decline', 2);

    // Back to the first change set: #2 is the latest closed one, yet #1's decline is remembered.
    from = since();
    const again = await one('alice/svc-decline');
    expect(again).toMatchObject({ status: 'declined', pull_request: { number: 1, state: 'declined' } });
    expect(writes(calls(from, 'alice/svc-decline'))).toEqual([]);
    expect(h.emulator.control.pulls('alice', 'svc-decline')).toHaveLength(2);
  });

  test('the GitHub App webhook marks a pull request declined; the repository states show each repository’s latest', async () => {
    h.emulator.control.setWebhook({ url: `${h.url}/api/v1/github/webhooks`, secret: APP.webhookSecret });
    const opened = await one('alice/svc-hooks');
    expect(opened).toMatchObject({ status: 'pr-opened', pull_request: { state: 'open' } });
    // Asking for a draft leaves the open, non-draft pull request as it is, and says so.
    const draft = await one('alice/svc-hooks', { draft: true });
    expect(draft).toMatchObject({
      status: 'up-to-date',
      note: expect.stringContaining('is not a draft, and Rampart leaves it as it is'),
    });
    expect(h.emulator.control.pulls('alice', 'svc-hooks')[0]).toMatchObject({ draft: false });

    h.emulator.control.closePull('alice', 'svc-hooks', opened.pull_request.number);
    await h.emulator.control.settled();
    const states = await h.request('GET', '/api/v1/repository-states', { token });
    expect(states.status).toBe(200);
    const byName = (name: string) =>
      states.json.repositories.find((r: { repository: string }) => r.repository === name);
    expect(byName('alice/svc-hooks')).toMatchObject({
      status: 'up-to-date',
      pull_request: { number: opened.pull_request.number, state: 'declined' },
      run_id: expect.stringMatching(/^run_/),
    });
    expect(byName('alice/svc-report')).toMatchObject({
      status: 'needs-review',
      findings_to_review: expect.any(Number),
    });
    expect(byName('alice/svc-report').findings_to_review).toBeGreaterThanOrEqual(3);
    expect(byName('alice/svc-decline')).toMatchObject({
      status: 'declined',
      pull_request: { number: 1, state: 'declined' },
    });
    expect(byName('alice/svc-issue')).toMatchObject({
      status: 'clean',
      issue: { state: 'closed' },
      findings_to_review: 0,
    });
    h.emulator.control.setWebhook({ url: null });
  });

  test('egress-policy block without allowed endpoints is refused with a sentence; with them the pull request says block', async () => {
    const refused = await h.request('POST', '/api/v1/orchestrations', {
      token,
      json: { repositories: ['alice/svc-hooks'], options: { harden: { hardenRunner: { egressPolicy: 'block' } } } },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/egress-policy block needs allowed_endpoints/);
    const saved = await h.request('PUT', '/api/v1/me/orchestrate-options', {
      token,
      json: { harden: { hardenRunner: { egressPolicy: 'block' } } },
    });
    expect(saved.status).toBe(400);
    expect(saved.json.error.message).toMatch(/allowed_endpoints.*egress-policy block needs allowed_endpoints/);

    h.emulator.control.seed({
      repositories: [
        {
          owner: 'alice',
          name: 'svc-block',
          private: true,
          default_branch: 'main',
          files: { '.github/workflows/ci.yml': CI_WORKFLOW },
        },
      ],
    });
    const result = await one('alice/svc-block', {
      harden: { hardenRunner: { egressPolicy: 'block' } },
      allowed_endpoints: ['github.com:443', 'registry.npmjs.org:443'],
    });
    expect(result).toMatchObject({ status: 'pr-opened' });
    const pull = h.emulator.control.pulls('alice', 'svc-block')[0]!;
    expect(pull.body).toContain(
      'harden-runner is added with `egress-policy: block`: each job may reach only `github.com:443`, `registry.npmjs.org:443`',
    );
    const ci = h.emulator.control.readFile(
      'alice',
      'svc-block',
      '.github/workflows/ci.yml',
      'rampart/harden-workflows',
    );
    expect(ci).toContain(
      'egress-policy: block\n          allowed-endpoints: >\n            github.com:443\n            registry.npmjs.org:443\n',
    );
  });

  test('a PAT without Issues permission still gets its pull request; the result says why no issue was written', async () => {
    const pat = fineGrainedToken('aliceNoIssues');
    h.emulator.control.seed({
      repositories: [
        {
          owner: 'alice',
          name: 'svc-noissues',
          private: true,
          default_branch: 'main',
          files: { ...reportOnly, '.github/workflows/ci.yml': CI_WORKFLOW },
        },
      ],
      tokens: [
        {
          token: pat,
          kind: 'fine-grained',
          user: 'alice',
          repositories: ['alice/svc-noissues'],
          permissions: { contents: 'write', pull_requests: 'write', workflows: 'write', metadata: 'read' },
        },
      ],
    });
    const saved = await h.request('PUT', '/api/v1/me/github-pat', {
      token,
      json: { name: 'no issues', token: pat, email: 'alice@example.com' },
    });
    expect(saved.status).toBe(200);
    const result = await one('alice/svc-noissues', { report_findings: 'issue' });
    expect(result).toMatchObject({
      status: 'pr-opened',
      note: expect.stringContaining('the findings issue could not be read'),
    });
    expect(result.issue).toBeUndefined();
    // Without the issue, the findings stay in the pull request body.
    expect(h.emulator.control.pulls('alice', 'svc-noissues')[0]!.body).toContain('**secrets-inherit**');
  });
});
