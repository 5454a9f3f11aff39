import { archivedUses } from '../../../../src/harden/rules/archived-uses/archived-uses.js';
import { ResolveError, type ActionResolver } from '../../../../src/harden/resolver/action-resolver.js';
import { staticActionResolver, type ActionRefsFile } from '../../../../src/harden/resolver/static-action-resolver.js';
import { runHarden, TEST_REFS, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const wf = (...steps: string[]) =>
  yaml('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps);
const REFS: ActionRefsFile = {
  ...TEST_REFS,
  'actions/setup-node': { ...TEST_REFS['actions/setup-node']!, archived: true },
};
const resolver = () => staticActionResolver(REFS);
const on = { rules: { 'archived-uses': true } } as const;

describe('archived-uses', () => {
  test('off by default; on, each use of an archived repository is medium, on its line', async () => {
    const src = wf('      - uses: actions/checkout@v4', '      - uses: actions/setup-node@v4 # node');
    expect((await runHarden({ [WF]: src }, { rules: [archivedUses], resolver: resolver() })).file(WF).findings).toEqual(
      [],
    );
    const r = await runHarden({ [WF]: src }, { rules: [archivedUses], resolver: resolver(), options: on });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([
      {
        rule: 'archived-uses',
        severity: 'medium',
        confidence: 'high',
        path: WF,
        line: 7,
        column: 15,
        message: 'actions/setup-node comes from actions/setup-node, which is archived: it gets no fixes any more',
        fixed: false,
        help: expect.stringContaining('maintained'),
      },
    ]);
  });

  test('reads pinned uses, reusable workflow calls and composite actions; asks once per repository', async () => {
    const base = resolver();
    const asked: string[] = [];
    const counting: ActionResolver = { ...base, repository: (repo) => (asked.push(repo), base.repository!(repo)) };
    const call = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    uses: actions/setup-node/.github/workflows/x.yml@v4',
      '  b:',
      '    uses: actions/setup-node/.github/workflows/y.yml@v4',
    );
    const action = yaml(
      'runs:',
      '  using: composite',
      '  steps:',
      `    - uses: actions/setup-node@${'1'.repeat(40)} # v4.1.0`,
    );
    const r = await runHarden(
      { [WF]: call, 'a/action.yml': action },
      { rules: [archivedUses], resolver: counting, options: on },
    );
    expect(r.file(WF).findings.map((f) => f.line)).toEqual([4, 6]);
    expect(r.file('a/action.yml').findings.map((f) => f.line)).toEqual([4]);
    expect(asked).toEqual(['actions/setup-node']);
  });

  test('a repository it cannot find is left to pin-actions; GitHub failing is said once; zizmor’s ignore comment silences it', async () => {
    const down: ActionResolver = {
      ...resolver(),
      repository: (repo) =>
        Promise.reject(
          new ResolveError(repo === 'nobody/missing' ? 'not-found' : 'unavailable', 'GitHub is unreachable'),
        ),
    };
    const r = await runHarden(
      {
        [WF]: wf(
          '      - uses: nobody/missing@v1',
          '      - uses: actions/checkout@v4',
          '      - uses: actions/setup-node@v4',
        ),
      },
      { rules: [archivedUses], resolver: down, options: on },
    );
    expect(r.file(WF).findings).toEqual([
      expect.objectContaining({
        line: 1,
        severity: 'info',
        message: 'archived repositories could not be checked (GitHub is unreachable)',
      }),
    ]);
    const quiet = await runHarden(
      { [WF]: wf('      - uses: actions/setup-node@v4 # zizmor: ignore[archived-uses]') },
      { rules: [archivedUses], resolver: resolver(), options: on },
    );
    expect(quiet.file(WF).findings).toEqual([]);
    expect(quiet.file(WF).suppressed).toEqual({ 'archived-uses': 1 });
  });
});
