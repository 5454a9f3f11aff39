import { dangerousTriggers } from '../../../../src/harden/rules/dangerous-triggers/dangerous-triggers.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const rules = [dangerousTriggers];
const findings = async (src: string) => (await runHarden({ [WF]: src }, { rules })).file(WF).findings;

describe('dangerous-triggers', () => {
  test('checkout of the PR head under pull_request_target; critical when the job runs code after it', async () => {
    const src = yaml(
      'on:',
      '  pull_request_target:',
      '    types: [opened]',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          ref: ${{ github.event.pull_request.head.sha }}',
      '      - run: gh pr checkout ${{ github.event.number }}',
      '      - uses: actions/checkout@v4',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([
      {
        rule: 'dangerous-triggers',
        severity: 'critical',
        confidence: 'high',
        path: WF,
        line: 2,
        column: 3,
        message: expect.stringContaining(
          "pull_request_target workflow runs the pull request's code (job test, line 8)",
        ),
        fixed: false,
        help: dangerousTriggers.help,
      },
      expect.objectContaining({
        line: 8,
        column: 9,
        severity: 'critical',
        confidence: 'high',
        message: expect.stringContaining('checks out untrusted code'),
      }),
      // The last step only checks out the base again: the fetch runs nothing after it, and a pattern is less sure.
      expect.objectContaining({
        line: 11,
        column: 9,
        severity: 'high',
        confidence: 'medium',
        message: expect.stringContaining('gh pr checkout'),
      }),
    ]);
    expect(await findings(src.replace('pull_request_target', 'pull_request'))).toEqual([]);
  });

  test('a checkout that nothing after it executes is high, not critical', async () => {
    const src = yaml(
      'on: workflow_run',
      'jobs:',
      '  label:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          ref: ${{ github.event.workflow_run.head_sha }}',
      '      - uses: actions/labeler@v5',
    );
    expect((await findings(src)).map((f) => [f.line, f.severity])).toEqual([
      [1, 'high'],
      [6, 'high'],
    ]);
  });

  test('a script that fetches and then builds is critical', async () => {
    const src = yaml(
      'on: pull_request_target',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          git fetch origin pull/${{ github.event.number }}/head:pr',
      '          # build it',
      '          make',
    );
    expect((await findings(src)).map((f) => [f.line, f.severity, f.confidence])).toEqual([
      [1, 'critical', 'medium'],
      [6, 'critical', 'medium'],
    ]);
  });

  test('a checkout inside a parallel: group runs with its siblings, whatever their order', async () => {
    const src = yaml(
      'on: [push, pull_request_target]',
      'permissions: {contents: read}',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - parallel:',
      '          - run: npm test',
      '          - uses: actions/checkout@v4',
      '            with:',
      '              repository: ${{ github.event.pull_request.head.repo.full_name }}',
    );
    expect((await findings(src)).map((f) => [f.line, f.column, f.severity])).toEqual([
      [1, 12, 'critical'],
      [9, 13, 'critical'],
    ]);
  });

  test('every such workflow is reported: high with secrets or a write token, low with neither', async () => {
    const base = (...lines: string[]) =>
      yaml(
        'on:',
        '  workflow_run:',
        '    workflows: [ci]',
        ...lines,
        'jobs:',
        '  note:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo done',
      );
    const withSecret = await findings(base('permissions: read-all', 'env:', '  TOKEN: ${{ secrets.NPM_TOKEN }}'));
    expect(withSecret).toEqual([
      expect.objectContaining({
        line: 2,
        severity: 'high',
        confidence: 'high',
        message: expect.stringContaining('holds secrets (NPM_TOKEN)'),
      }),
    ]);
    const write = await findings(base('permissions:', '  issues: write'));
    expect(write).toEqual([
      expect.objectContaining({ severity: 'high', message: expect.stringContaining('a write token') }),
    ]);
    const unknown = await findings(base());
    expect(unknown).toEqual([
      expect.objectContaining({
        severity: 'high',
        confidence: 'medium',
        message: expect.stringContaining("the repository's default token"),
      }),
    ]);
    const quiet = await findings(base('permissions: {}', 'env:', '  T: ${{ secrets.GITHUB_TOKEN }}'));
    expect(quiet).toEqual([
      expect.objectContaining({
        severity: 'low',
        message: expect.stringContaining('holds no secret and a read-only token'),
      }),
    ]);
  });

  test('issue_comment workflows that check out the pull request; the labeler-only workflow is low', async () => {
    const chatops = yaml(
      'on: issue_comment',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          ref: refs/pull/${{ github.event.issue.number }}/head',
      '      - uses: ./.github/actions/test',
    );
    expect((await findings(chatops)).map((f) => f.severity)).toEqual(['critical', 'critical']);
    const labeler = yaml(
      'on: pull_request_target',
      'jobs:',
      '  label:',
      '    runs-on: ubuntu-latest',
      '    permissions: {pull-requests: write}',
      '    steps:',
      '      - uses: actions/labeler@v5',
    );
    expect(await findings(labeler)).toEqual([
      expect.objectContaining({
        line: 1,
        severity: 'low',
        message: expect.stringContaining('only runs actions/labeler'),
      }),
    ]);
  });

  test('zizmor: ignore on the trigger silences the workflow finding, not the checkout', async () => {
    const src = yaml(
      'on:',
      '  pull_request_target: # zizmor: ignore[dangerous-triggers]',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with: {ref: "${{ github.head_ref }}"}',
      '      - run: make',
    );
    const r = await runHarden({ [WF]: src.replace(/\n/g, '\r\n') }, { rules });
    expect(r.file(WF).findings.map((f) => [f.line, f.severity])).toEqual([[7, 'critical']]);
    expect(r.file(WF).suppressed).toEqual({ 'dangerous-triggers': 1 });
  });
});
