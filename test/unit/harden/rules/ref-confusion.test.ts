import { pinActions } from '../../../../src/harden/rules/pin-actions/pin-actions.js';
import { refConfusion } from '../../../../src/harden/rules/ref-confusion/ref-confusion.js';
import { staticActionResolver, type ActionRefsFile } from '../../../../src/harden/resolver/static-action-resolver.js';
import type { ActionResolver } from '../../../../src/harden/resolver/action-resolver.js';
import { runHarden, SHA, TEST_REFS, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const wf = (...steps: string[]) =>
  yaml('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps);
// `v4` is a tag and a branch; `main` only a branch.
const REFS: ActionRefsFile = {
  ...TEST_REFS,
  'actions/checkout': { ...TEST_REFS['actions/checkout']!, branches: { main: SHA.mainBranch, v4: SHA.mainBranch } },
};
const resolver = () => staticActionResolver(REFS);
const unpinned = { rules: { 'pin-actions': false } } as const;

describe('ref-confusion', () => {
  test('a ref that stays by name and is both a tag and a branch is medium, on its line', async () => {
    const r = await runHarden(
      {
        [WF]: wf(
          '      - uses: actions/checkout@v4',
          '      - uses: actions/checkout@main',
          '      - uses: actions/checkout@v3',
        ),
      },
      { rules: [refConfusion], resolver: resolver(), options: unpinned },
    );
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([
      {
        rule: 'ref-confusion',
        severity: 'medium',
        confidence: 'high',
        path: WF,
        line: 6,
        column: 15,
        message: `actions/checkout@v4: v4 is both a tag and a branch of actions/checkout; the tag is what runs today (${SHA.checkoutV4})`,
        fixed: false,
        help: expect.stringContaining('Pin the commit the tag names'),
      },
    ]);
  });

  test('a ref pinning settles in this run is not looked up; exempt, flow-style and silenced ones are', async () => {
    const base = resolver();
    const asked: string[] = [];
    const counting: ActionResolver = {
      ...base,
      branchExists: (repo, name) => (asked.push(`${repo}@${name}`), base.branchExists!(repo, name)),
    };
    const pinned = await runHarden(
      { [WF]: wf('      - uses: actions/checkout@v4') },
      { rules: [refConfusion, pinActions], resolver: counting },
    );
    expect(pinned.file(WF).findings.map((f) => f.rule)).toEqual(['pin-actions']);
    expect(asked).toEqual([]);
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps: [{uses: actions/checkout@v4}]',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4 # rampart: ignore[pin-actions]',
      '      # zizmor: ignore[unpinned-uses]',
      '      - uses: actions/checkout@v4',
    );
    const kept = await runHarden({ [WF]: src }, { rules: [refConfusion, pinActions], resolver: resolver() });
    expect(
      kept
        .file(WF)
        .findings.filter((f) => f.rule === 'ref-confusion')
        .map((f) => f.line),
    ).toEqual([5, 9]);
    const exempt = await runHarden(
      { [WF]: wf('      - uses: actions/checkout@v4') },
      { rules: [refConfusion, pinActions], resolver: resolver(), options: { pinActions: { exempt: ['actions/*'] } } },
    );
    expect(exempt.file(WF).findings.map((f) => f.rule)).toEqual(['ref-confusion']);
  });

  test('reads reusable workflow calls and composite actions; offline it says nothing', async () => {
    const call = yaml('on: push', 'jobs:', '  call:', '    uses: actions/checkout/.github/workflows/x.yml@v4');
    const action = yaml('runs:', '  using: composite', '  steps:', '    - uses: actions/checkout@v4');
    const r = await runHarden(
      { [WF]: call, 'a/action.yml': action },
      { rules: [refConfusion], resolver: resolver(), options: unpinned },
    );
    expect(r.file(WF).findings.map((f) => f.line)).toEqual([4]);
    expect(r.file('a/action.yml').findings.map((f) => f.line)).toEqual([4]);
    const offline: ActionResolver = { ...resolver(), branchExists: undefined };
    expect(
      (await runHarden({ [WF]: call }, { rules: [refConfusion], resolver: offline, options: unpinned })).file(WF)
        .findings,
    ).toEqual([]);
  });
});
