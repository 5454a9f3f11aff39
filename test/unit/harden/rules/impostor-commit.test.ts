import { impostorCommit } from '../../../../src/harden/rules/impostor-commit/impostor-commit.js';
import { ResolveError, type ActionResolver } from '../../../../src/harden/resolver/action-resolver.js';
import { staticActionResolver, type ActionRefsFile } from '../../../../src/harden/resolver/static-action-resolver.js';
import { runHarden, SHA, TEST_REFS, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const wf = (...steps: string[]) =>
  yaml('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps);
const FORK = '0123456789abcdef0123456789abcdef01234567';
const OLD = '89abcdef0123456789abcdef0123456789abcdef';
const REFS: ActionRefsFile = {
  ...TEST_REFS,
  'actions/checkout': { ...TEST_REFS['actions/checkout']!, history: [OLD], forkCommits: [FORK] },
};
const rules = [impostorCommit];
const resolver = () => staticActionResolver(REFS);

describe('impostor-commit', () => {
  test('a pin to a commit on no branch or tag of the repository is critical, on the uses line', async () => {
    const r = await runHarden(
      { [WF]: wf('      - uses: actions/checkout@v4', `      - uses: actions/checkout@${FORK} # v4.2.2`) },
      { rules, resolver: resolver() },
    );
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([
      {
        rule: 'impostor-commit',
        severity: 'critical',
        confidence: 'high',
        path: WF,
        line: 7,
        column: 15,
        message: `actions/checkout@${FORK} is on no branch or tag of actions/checkout: it may be a commit of a fork, run under the name of the action`,
        fixed: false,
        help: expect.stringContaining("action's own repository"),
      },
    ]);
  });

  test('tagged commits, branch heads and commits in their history are the repository’s own', async () => {
    const src = wf(
      `      - uses: actions/checkout@${SHA.checkoutV4}`,
      `      - uses: actions/checkout@${SHA.mainBranch}`,
      `      - uses: actions/checkout@${OLD.toUpperCase()}`,
    );
    const r = await runHarden({ [WF]: src }, { rules, resolver: resolver() });
    expect(r.file(WF).findings).toEqual([]);
  });

  test('checks reusable workflow calls and composite action steps; an ignore comment (zizmor’s too) silences it', async () => {
    const call = yaml(
      'on: push',
      'jobs:',
      '  call:',
      `    uses: actions/checkout/.github/workflows/x.yml@${FORK}`,
      '  quiet:',
      `    uses: actions/checkout/.github/workflows/x.yml@${FORK} # zizmor: ignore[impostor-commit]`,
    );
    const action = yaml('runs:', '  using: composite', '  steps:', `    - uses: actions/checkout@${FORK}`);
    const r = await runHarden({ [WF]: call, 'act/action.yaml': action }, { rules, resolver: resolver() });
    expect(r.file(WF).findings.map((f) => f.line)).toEqual([4]);
    expect(r.file(WF).suppressed).toEqual({ 'impostor-commit': 1 });
    expect(r.file('act/action.yaml').findings.map((f) => [f.line, f.severity])).toEqual([[4, 'critical']]);
  });

  test('a bounded check that found nothing is reported with medium confidence; a commit that does not exist is info', async () => {
    const base = resolver();
    const bounded: ActionResolver = { ...base, commitPlacement: async () => ({ reachable: false, complete: false }) };
    const r = await runHarden({ [WF]: wf(`      - uses: actions/checkout@${FORK}`) }, { rules, resolver: bounded });
    expect(r.file(WF).findings[0]).toMatchObject({
      severity: 'critical',
      confidence: 'medium',
      message: expect.stringContaining('that was compared'),
    });
    const missing = 'fedcba9876543210fedcba9876543210fedcba98';
    const r2 = await runHarden({ [WF]: wf(`      - uses: actions/checkout@${missing}`) }, { rules, resolver: base });
    expect(r2.file(WF).findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        line: 6,
        message: `actions/checkout@${missing}: actions/checkout has no commit ${missing}, so the step cannot run`,
      }),
    ]);
  });

  test('unpinned refs, local and docker uses are not its business; offline it says nothing; GitHub failing is said once', async () => {
    const src = wf(
      '      - uses: actions/checkout@v4',
      '      - uses: ./local',
      '      - uses: docker://alpine:3',
      `      - uses: actions/checkout@${FORK}`,
      `      - uses: actions/setup-node@${FORK}`,
    );
    const offline: ActionResolver = { ...resolver(), commitPlacement: undefined };
    expect((await runHarden({ [WF]: src }, { rules, resolver: offline })).file(WF).findings).toEqual([]);
    const down: ActionResolver = {
      ...resolver(),
      commitPlacement: () => Promise.reject(new ResolveError('unavailable', 'GitHub is unreachable')),
    };
    const r = await runHarden({ [WF]: src }, { rules, resolver: down });
    expect(r.file(WF).findings).toEqual([
      expect.objectContaining({
        line: 1,
        severity: 'info',
        message: 'pinned commits could not be checked against their repositories (GitHub is unreachable)',
      }),
    ]);
  });
});
