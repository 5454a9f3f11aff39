import { pinActions } from '../../../../src/harden/rules/pin-actions/pin-actions.js';
import { ResolveError, type ActionResolver } from '../../../../src/harden/resolver/action-resolver.js';
import { staticActionResolver } from '../../../../src/harden/resolver/static-action-resolver.js';
import { runHarden, SHA, TEST_REFS, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const rules = [pinActions];
const wf = (...steps: string[]) =>
  yaml('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps);

describe('pin-actions', () => {
  test('pins a tag to its commit with the most specific tag as comment', async () => {
    const r = await runHarden({ [WF]: wf('      - uses: actions/checkout@v4') }, { rules });
    expect(r.files[WF]).toBe(wf(`      - uses: actions/checkout@${SHA.checkoutV4} # v4.2.2`));
    expect(r.file(WF).findings).toEqual([
      {
        rule: 'pin-actions',
        severity: 'high',
        confidence: 'high',
        path: WF,
        line: 6,
        column: 15,
        message: `pinned actions/checkout@v4 to ${SHA.checkoutV4} (v4.2.2)`,
        fixed: true,
      },
    ]);
  });

  test('keeps quoting, a trailing comment, and CRLF line endings', async () => {
    const src = wf(
      "      - uses: 'actions/checkout@v4'   # the checkout",
      '      - uses: "actions/setup-node@v4"',
    ).replace(/\n/g, '\r\n');
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.files[WF]).toBe(
      wf(
        `      - uses: 'actions/checkout@${SHA.checkoutV4}'   # v4.2.2 # the checkout`,
        `      - uses: "actions/setup-node@${SHA.setupNode}" # v4.1.0`,
      ).replace(/\n/g, '\r\n'),
    );
  });

  test('replaces a version comment in place, keeping the words after it', async () => {
    const r = await runHarden({ [WF]: wf('      - uses: actions/checkout@v4 # v4 is what we test on') }, { rules });
    expect(r.files[WF]).toBe(wf(`      - uses: actions/checkout@${SHA.checkoutV4} # v4.2.2 is what we test on`));
  });

  test('pins reusable workflow calls and subpath actions against owner/repo', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  call:',
      '    uses: octo-org/reusable/.github/workflows/build.yml@v1',
      '  local:',
      '    uses: ./.github/workflows/local.yml',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.files[WF]).toContain(
      `    uses: octo-org/reusable/.github/workflows/build.yml@${SHA.mainBranch} # v1.0.3\n`,
    );
    expect(r.files[WF]).toContain('    uses: ./.github/workflows/local.yml\n');
  });

  test('pins composite action steps in any action.yml', async () => {
    const src = yaml(
      'name: x',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - uses: actions/setup-node@v4',
      '    - run: echo hi',
      '      shell: bash',
    );
    const r = await runHarden({ 'tools/setup/action.yaml': src }, { rules });
    expect(r.files['tools/setup/action.yaml']).toContain(`    - uses: actions/setup-node@${SHA.setupNode} # v4.1.0\n`);
  });

  test('leaves local actions, expressions and docker refs; reports docker and unresolvable refs on their line', async () => {
    const src = wf(
      '      - uses: ./.github/actions/build',
      '      - uses: ${{ matrix.action }}',
      '      - uses: docker://alpine:3.20',
      '      - uses: nobody/missing@v9',
      '      - uses: actions/checkout@v4',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    const lines = r.files[WF]!.split('\n');
    expect(lines.slice(5, 9)).toEqual(src.split('\n').slice(5, 9));
    expect(lines[9]).toBe(`      - uses: actions/checkout@${SHA.checkoutV4} # v4.2.2`);
    const notes = r.file(WF).findings.filter((f) => !f.fixed);
    expect(notes.map((n) => n.line)).toEqual([8, 9]);
    expect(notes[0]!.message).toMatch(/docker:\/\/alpine:3\.20 is not pinned to a digest/);
    expect(notes[1]!.message).toMatch(/nobody\/missing@v9: could not be resolved/);
  });

  test('a failing resolver leaves that ref alone and the rest of the file is still pinned', async () => {
    const base = staticActionResolver(TEST_REFS);
    const flaky: ActionResolver = {
      resolve: (repo, ref) =>
        repo === 'actions/setup-node'
          ? Promise.reject(new ResolveError('unavailable', 'network is unreachable'))
          : base.resolve(repo, ref),
      tagFor: (repo, sha) => base.tagFor(repo, sha),
    };
    const r = await runHarden(
      { [WF]: wf('      - uses: actions/setup-node@v4', '      - uses: actions/checkout@v4') },
      { rules, resolver: flaky },
    );
    expect(r.files[WF]).toBe(
      wf('      - uses: actions/setup-node@v4', `      - uses: actions/checkout@${SHA.checkoutV4} # v4.2.2`),
    );
    expect(r.file(WF).findings[0]).toMatchObject({
      line: 6,
      fixed: false,
      message: expect.stringContaining('network is unreachable'),
    });
  });

  test('keeps an existing pin and corrects a comment naming a tag on another commit', async () => {
    const r = await runHarden({ [WF]: wf(`      - uses: actions/checkout@${SHA.checkoutV4} # v3.6.0`) }, { rules });
    expect(r.files[WF]).toBe(wf(`      - uses: actions/checkout@${SHA.checkoutV4} # v4.2.2`));
    expect(r.file(WF).findings[0]!.message).toMatch(/from v3\.6\.0 to v4\.2\.2/);
    // The pin was already safe: a wrong comment is upkeep, weighed below an unpinned ref.
    expect(r.file(WF).findings[0]).toMatchObject({ severity: 'low', fixed: true, column: 15 });
  });

  test('adds a missing version comment to an existing pin; a correct one is left alone', async () => {
    const r = await runHarden(
      {
        [WF]: wf(
          `      - uses: actions/checkout@${SHA.checkoutV3}`,
          `      - uses: actions/setup-node@${SHA.setupNode} # v4.1.0`,
        ),
      },
      { rules },
    );
    expect(r.files[WF]).toBe(
      wf(
        `      - uses: actions/checkout@${SHA.checkoutV3} # v3.6.0`,
        `      - uses: actions/setup-node@${SHA.setupNode} # v4.1.0`,
      ),
    );
  });

  test('pins a branch with the branch name as comment when no tag is on its head', async () => {
    const r = await runHarden({ [WF]: wf('      - uses: actions/checkout@main') }, { rules });
    expect(r.files[WF]).toBe(wf(`      - uses: actions/checkout@${SHA.mainBranch} # main`));
    const off = await runHarden(
      { [WF]: wf('      - uses: actions/checkout@main') },
      { rules, options: { pinActions: { pinBranches: false } } },
    );
    expect(off.changed).toEqual([]);
    expect(off.file(WF).findings[0]!.message).toMatch(/follows a branch/);
  });

  test('skips flow-style steps and aliased or anchored values, saying why', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps: [{uses: actions/checkout@v4}]',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: &co actions/checkout@v4',
      '      - uses: *co',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.changed).toEqual([]);
    const messages = r.file(WF).findings.map((f) => f.message);
    expect(messages).toEqual([
      expect.stringContaining('flow style'),
      expect.stringContaining('carries an anchor'),
      expect.stringContaining('alias'),
    ]);
  });

  test('is idempotent', async () => {
    const first = await runHarden(
      { [WF]: wf('      - uses: actions/checkout@v4 # pinned for reasons', '      - uses: actions/checkout@main') },
      { rules },
    );
    const second = await runHarden({ [WF]: first.files[WF]! }, { rules });
    expect(second.changed).toEqual([]);
    expect(second.file(WF).findings).toEqual([]);
  });

  test('asks the resolver once per distinct repo@ref', async () => {
    const base = staticActionResolver(TEST_REFS);
    const calls: string[] = [];
    const counting: ActionResolver = {
      resolve: (repo, ref) => (calls.push(`${repo}@${ref}`), base.resolve(repo, ref)),
      tagFor: (repo, sha) => base.tagFor(repo, sha),
    };
    const steps = Array.from({ length: 5 }, () => '      - uses: actions/checkout@v4');
    await runHarden({ [WF]: wf(...steps), '.github/workflows/two.yml': wf(...steps) }, { rules, resolver: counting });
    expect(calls).toEqual(['actions/checkout@v4']);
  });
});
