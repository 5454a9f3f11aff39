import { checkoutPersistCredentials } from '../../../../src/harden/rules/checkout-persist-credentials/checkout-persist-credentials.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const rules = [checkoutPersistCredentials];
const wf = (...steps: string[]) =>
  yaml('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps);

describe('checkout-persist-credentials', () => {
  test('adds a with: block after uses, keeping its trailing comment', async () => {
    const r = await runHarden(
      { [WF]: wf('      - uses: actions/checkout@v4 # get code', '        name: Checkout', '      - run: make') },
      { rules },
    );
    expect(r.files[WF]).toBe(
      wf(
        '      - uses: actions/checkout@v4 # get code',
        '        with:',
        '          persist-credentials: false',
        '        name: Checkout',
        '      - run: make',
      ),
    );
  });

  test('adds the input first in an existing with: block, keeping its comments', async () => {
    const r = await runHarden(
      {
        [WF]: wf(
          '      - uses: actions/checkout@v4',
          '        with:',
          '          # full history',
          '          fetch-depth: 0',
        ),
      },
      { rules },
    );
    expect(r.files[WF]).toBe(
      wf(
        '      - uses: actions/checkout@v4',
        '        with:',
        '          # full history',
        '          persist-credentials: false',
        '          fetch-depth: 0',
      ),
    );
  });

  test('an explicit persist-credentials is left alone', async () => {
    const r = await runHarden(
      { [WF]: wf('      - uses: actions/checkout@v4', '        with:', '          persist-credentials: true') },
      { rules },
    );
    expect(r.changed).toEqual([]);
  });

  test('reports only when a later step pushes with git or uses a pushing action', async () => {
    const push = await runHarden(
      {
        [WF]: wf(
          '      - uses: actions/checkout@v4',
          '      - run: |',
          '          git commit -am bump',
          '          git push origin HEAD',
        ),
      },
      { rules },
    );
    expect(push.changed).toEqual([]);
    expect(push.file(WF).findings[0]!.message).toMatch(
      /uses the persisted git credential later \(`git push`, line 7\)/,
    );
    const action = await runHarden(
      { [WF]: wf('      - uses: actions/checkout@v4', '      - uses: stefanzweifel/git-auto-commit-action@v5') },
      { rules },
    );
    expect(action.changed).toEqual([]);
    expect(action.file(WF).findings[0]!.message).toMatch(/git-auto-commit-action/);
  });

  test('a push before the checkout does not count; git in another job does not count', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: git push || true',
      '      - uses: actions/checkout@v4',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: git push',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.files[WF]).toContain(
      '      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n  b:',
    );
  });

  test('looks inside local composite actions, and treats unreadable local actions as possible pushers', async () => {
    const action = yaml('runs:', '  using: composite', '  steps:', '    - run: git push', '      shell: bash');
    const r = await runHarden(
      {
        [WF]: wf('      - uses: actions/checkout@v4', '      - uses: ./.github/actions/release'),
        '.github/actions/release/action.yml': action,
      },
      { rules },
    );
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings[0]!.message).toMatch(/local action \.\/\.github\/actions\/release/);
    const unknown = await runHarden(
      { [WF]: wf('      - uses: actions/checkout@v4', '      - uses: ./somewhere') },
      { rules },
    );
    expect(unknown.file(WF).findings[0]!.message).toMatch(/cannot read/);
  });

  test('flow-style steps and with maps are reported, not edited', async () => {
    const r = await runHarden(
      {
        [WF]: wf(
          '      - {uses: actions/checkout@v4}',
          '      - uses: actions/checkout@v4',
          '        with: {fetch-depth: 0}',
        ),
      },
      { rules },
    );
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings.map((f) => f.message)).toEqual([
      expect.stringContaining('flow style'),
      expect.stringContaining('not a block mapping'),
    ]);
  });

  test('works in composite actions and is idempotent', async () => {
    const src = yaml(
      'runs:',
      '  using: composite',
      '  steps:',
      '    - uses: actions/checkout@v4',
      '    - run: make',
      '      shell: bash',
    );
    const first = await runHarden({ 'action.yml': src }, { rules });
    expect(first.files['action.yml']).toContain(
      '    - uses: actions/checkout@v4\n      with:\n        persist-credentials: false\n',
    );
    const second = await runHarden({ 'action.yml': first.files['action.yml']! }, { rules });
    expect(second.changed).toEqual([]);
  });
});
