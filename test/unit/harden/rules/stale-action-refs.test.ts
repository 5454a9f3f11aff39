import { staleActionRefs } from '../../../../src/harden/rules/stale-action-refs/stale-action-refs.js';
import { runHarden, SHA, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const wf = (...steps: string[]) =>
  yaml('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps);
const rules = [staleActionRefs];

describe('stale-action-refs', () => {
  test('a pin to a commit no tag names is low, on the uses line; tagged pins and refs by name are fine', async () => {
    const src = wf(
      `      - uses: actions/checkout@${SHA.mainBranch} # main`,
      `      - uses: actions/checkout@${SHA.checkoutV4} # v4.2.2`,
      '      - uses: actions/checkout@main',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([
      {
        rule: 'stale-action-refs',
        severity: 'low',
        confidence: 'high',
        path: WF,
        line: 6,
        column: 15,
        message: `actions/checkout@${SHA.mainBranch} points at a commit that no tag of actions/checkout names`,
        fixed: false,
        help: expect.stringContaining('release tag'),
      },
    ]);
  });

  test('reads reusable workflow calls, composite actions and CRLF files; a repository it cannot read is left to pin-actions', async () => {
    const call = yaml(
      'on: push',
      'jobs:',
      '  call:',
      `    uses: octo-org/reusable/.github/workflows/build.yml@${SHA.checkoutV4}`,
      '  other:',
      `    uses: nobody/missing/.github/workflows/x.yml@${SHA.checkoutV4}`,
    ).replace(/\n/g, '\r\n');
    const action = yaml('runs:', '  using: composite', '  steps:', `    - uses: "actions/checkout@${SHA.mainBranch}"`);
    const r = await runHarden({ [WF]: call, 'tools/action.yml': action }, { rules });
    expect(r.file(WF).findings.map((f) => f.line)).toEqual([4]);
    expect(r.file('tools/action.yml').findings.map((f) => f.line)).toEqual([4]);
  });

  test('an ignore comment silences it', async () => {
    const r = await runHarden(
      { [WF]: wf(`      - uses: actions/checkout@${SHA.mainBranch} # zizmor: ignore[stale-action-refs]`) },
      { rules },
    );
    expect(r.file(WF).findings).toEqual([]);
    expect(r.file(WF).suppressed).toEqual({ 'stale-action-refs': 1 });
  });
});
