import { pullRequestBody } from '../../../src/orchestrate/pull-request-body.js';
import { dangerousTriggers } from '../../../src/harden/rules/dangerous-triggers/dangerous-triggers.js';
import { hardenRunner } from '../../../src/harden/rules/harden-runner/harden-runner.js';
import { pinActions } from '../../../src/harden/rules/pin-actions/pin-actions.js';
import { secretsInherit } from '../../../src/harden/rules/secrets-inherit/secrets-inherit.js';
import { runHarden, SHA, yaml } from '../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';

describe('pull request body', () => {
  test('shows each change and each finding with its severity, most serious first, with how to fix it by hand', async () => {
    const src = yaml(
      'on: pull_request_target',
      'jobs:',
      '  call:',
      '    uses: org/repo/.github/workflows/x.yml@v1',
      '    secrets: inherit',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          ref: ${{ github.event.pull_request.head.sha }}',
      '      - run: npm test',
      '      - uses: actions/setup-node@v4 # rampart: ignore[pin-actions]',
    );
    const r = await runHarden({ [WF]: src }, { rules: [pinActions, secretsInherit, dangerousTriggers] });
    const body = pullRequestBody(r.report);
    expect(body).toContain(
      `- **pin-actions** (line 9, high): pinned actions/checkout@v4 to ${SHA.checkoutV4} (v4.2.2)`,
    );
    const critical = body.indexOf(
      `- **critical** \`${WF}\` line 9, **dangerous-triggers**: job test checks out untrusted code`,
    );
    const medium = body.indexOf(`- **medium** \`${WF}\` line 5, **secrets-inherit**: job call passes every secret`);
    expect(critical).toBeGreaterThan(0);
    expect(medium).toBeGreaterThan(critical);
    expect(body).toContain(`. To fix by hand: ${secretsInherit.help}`);
    expect(body).toContain('1 finding(s) were left alone because the files silence them');
    expect(pullRequestBody(r.report)).toBe(body);
  });
});

describe('where findings left for a person go, and what egress policy was applied', () => {
  const src = yaml(
    'on: push',
    'jobs:',
    '  call:',
    '    uses: org/repo/.github/workflows/x.yml@v1',
    '    secrets: inherit',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
  );
  const run = (options = {}) =>
    runHarden({ [WF]: src }, { rules: [pinActions, secretsInherit, hardenRunner], options });

  test('pull-request lists them; issue names the issue; none leaves them out', async () => {
    const r = await run();
    const listed = pullRequestBody(r.report, { reportFindings: 'pull-request' });
    expect(listed).toContain('## Left for you to review');
    expect(listed).toContain('**secrets-inherit**');
    const inIssue = pullRequestBody(r.report, { reportFindings: 'issue', issue: { number: 7 } });
    expect(inIssue).toMatch(/Rampart reports \d+ finding\(s\) it does not change in issue #7\./);
    expect(inIssue).not.toContain('job call passes every secret');
    // Issue mode without an issue (issues turned off, no permission): listed here after all.
    expect(pullRequestBody(r.report, { reportFindings: 'issue' })).toContain('job call passes every secret');
    const none = pullRequestBody(r.report, { reportFindings: 'none' });
    expect(none).not.toContain('## Left for you to review');
  });

  test('the body states the egress policy it applied, and carries the change set fingerprint', async () => {
    const audit = await run();
    const fingerprint = 'a'.repeat(64);
    const body = pullRequestBody(audit.report, {
      egress: { requested: 'block', applied: 'audit', endpoints: [] },
      fingerprint,
    });
    expect(body).toContain(`<!-- rampart:changes ${fingerprint} -->`);
    expect(body).toContain('`block` was asked for, but no allowed endpoints were given, so audit was applied');
    expect(body).toContain('harden-runner is in audit mode and blocks nothing');
    const block = await run({
      hardenRunner: { egressPolicy: 'block', allowedEndpoints: ['github.com:443', 'api.github.com:443'] },
    });
    expect(block.files[WF]).toContain(
      '          egress-policy: block\n          allowed-endpoints: >\n            github.com:443\n            api.github.com:443\n',
    );
    const blockBody = pullRequestBody(block.report, {
      egress: { requested: 'block', applied: 'block', endpoints: ['github.com:443', 'api.github.com:443'] },
    });
    expect(blockBody).toContain(
      'each job may reach only `github.com:443`, `api.github.com:443`; every other outbound call is blocked',
    );
    expect(blockBody).not.toContain('audit mode');
  });
});
