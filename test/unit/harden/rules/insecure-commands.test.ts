import { insecureCommands } from '../../../../src/harden/rules/insecure-commands/insecure-commands.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const rules = [insecureCommands];

async function run(src: string, path = WF) {
  const r = await runHarden({ [path]: src }, { rules });
  return { text: r.files[path]!, findings: r.file(path).findings, report: r.report };
}

describe('insecure-commands', () => {
  test('the entry is removed from a step env with other variables, comments and the rest left as written', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make # build',
      '        env:',
      '          # what make reads',
      '          CC: gcc',
      '          ACTIONS_ALLOW_UNSECURE_COMMANDS: true # for an old action',
      '          LD: ld',
    );
    const r = await run(src);
    expect(r.text).toBe(src.replace('          ACTIONS_ALLOW_UNSECURE_COMMANDS: true # for an old action\n', ''));
    expect(r.findings).toEqual([
      expect.objectContaining({
        rule: 'insecure-commands',
        severity: 'high',
        confidence: 'high',
        line: 10,
        column: 11,
        fixed: true,
        message: expect.stringContaining('removed ACTIONS_ALLOW_UNSECURE_COMMANDS from the env of step 1 of job build'),
      }),
    ]);
  });

  test('an env left empty goes with it, at workflow, job and step level', async () => {
    const src = yaml(
      'on: push',
      'env:',
      '  ACTIONS_ALLOW_UNSECURE_COMMANDS: "true"',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    env:',
      "      ACTIONS_ALLOW_UNSECURE_COMMANDS: 'True'",
      '    steps:',
      '      - name: Make',
      '        env:',
      '          ACTIONS_ALLOW_UNSECURE_COMMANDS: true',
      '        run: make',
      '      - uses: actions/checkout@v4',
    );
    const r = await run(src);
    expect(r.text).toBe(
      yaml(
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - name: Make',
        '        run: make',
        '      - uses: actions/checkout@v4',
      ),
    );
    // The fix starts at `env:`, the first line it takes.
    expect(r.findings.map((f) => [f.line, f.endLine, f.fixed])).toEqual([
      [2, 3, true],
      [7, 8, true],
      [11, 12, true],
    ]);
  });

  test('`- env:` opening the step becomes `env: {}`, so the dash stays; CRLF is kept', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - env:',
      '          ACTIONS_ALLOW_UNSECURE_COMMANDS: true',
      '        run: make',
    ).replace(/\n/g, '\r\n');
    const r = await run(src);
    expect(r.text).toBe(
      yaml(
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - env: {}',
        '        run: make',
      ).replace(/\n/g, '\r\n'),
    );
  });

  test('flow-style env: the entry and its comma go', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make',
      '        env: { ACTIONS_ALLOW_UNSECURE_COMMANDS: true, CC: gcc }',
      '      - run: make',
      '        env: {CC: gcc, ACTIONS_ALLOW_UNSECURE_COMMANDS: true}',
      '      - {run: make, env: {ACTIONS_ALLOW_UNSECURE_COMMANDS: true}}',
    );
    const r = await run(src);
    expect(r.text).toBe(
      yaml(
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: make',
        '        env: { CC: gcc }',
        '      - run: make',
        '        env: {CC: gcc}',
        '      - {run: make, env: {}}',
      ),
    );
    expect(r.findings.every((f) => f.fixed)).toBe(true);
  });

  test('kept and reported where a step in its reach may print the commands', async () => {
    const src = yaml(
      'on: push',
      'env:',
      '  ACTIONS_ALLOW_UNSECURE_COMMANDS: true',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: old/setup-tool@v1',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "::add-path::$HOME/bin"',
      '        env:',
      '          ACTIONS_ALLOW_UNSECURE_COMMANDS: true',
      '      - uses: actions/setup-node@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a # v4.1.0',
      '        env:',
      '          ACTIONS_ALLOW_UNSECURE_COMMANDS: true',
    );
    const r = await run(src);
    expect(r.text).toBe(src);
    expect(r.findings.map((f) => [f.line, f.fixed, f.help !== undefined])).toEqual([
      [3, false, true],
      [15, false, true],
      [18, false, true],
    ]);
    expect(r.findings[0]!.message).toMatch(/not removed: step 2 of job a uses old\/setup-tool@v1, which may print/);
    expect(r.findings[1]!.message).toMatch(/not removed: step 1 of job b prints `::add-path`/);
    expect(r.findings[2]!.message).toMatch(/uses actions\/setup-node@1d0ff46/);
  });

  test('false and other values are left alone; expressions are reported, not removed', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make',
      '        env:',
      '          ACTIONS_ALLOW_UNSECURE_COMMANDS: false',
      '      - run: make',
      '        env:',
      '          ACTIONS_ALLOW_UNSECURE_COMMANDS: yes',
      '      - run: make',
      '        env:',
      '          ACTIONS_ALLOW_UNSECURE_COMMANDS: ${{ vars.LEGACY }}',
      '      - run: make',
      '        env: ${{ fromJSON(vars.STEP_ENV) }}',
    );
    const r = await run(src);
    expect(r.text).toBe(src);
    expect(r.findings.map((f) => [f.line, f.confidence, f.fixed])).toEqual([
      [14, 'medium', false],
      [16, 'low', false],
    ]);
  });

  test('an anchored env (and the alias of it) and composite actions are reported', async () => {
    const wf = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    env: &legacy',
      '      ACTIONS_ALLOW_UNSECURE_COMMANDS: true',
      '      CC: gcc',
      '    steps:',
      '      - run: make',
      '        env: *legacy',
    );
    const r = await run(wf);
    expect(r.text).toBe(wf);
    expect(r.findings).toEqual([
      expect.objectContaining({
        line: 6,
        fixed: false,
        message: expect.stringContaining('not removed: the mapping carries an anchor'),
      }),
    ]);

    const action = yaml(
      'runs:',
      '  using: composite',
      '  steps:',
      '    - run: make',
      '      shell: bash',
      '      env:',
      '        ACTIONS_ALLOW_UNSECURE_COMMANDS: true',
    );
    const a = await run(action, 'tools/action.yml');
    expect(a.text).toBe(action);
    expect(a.findings).toEqual([
      expect.objectContaining({ line: 7, fixed: false, message: expect.stringContaining('composite action') }),
    ]);
  });

  test('steps in a parallel group are in their job env reach; a zizmor ignore comment is honoured', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      ACTIONS_ALLOW_UNSECURE_COMMANDS: true',
      '    steps:',
      '      - parallel:',
      '          - run: make a',
      '          - uses: vendor/thing@v2',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      ACTIONS_ALLOW_UNSECURE_COMMANDS: true # zizmor: ignore[insecure-commands]',
      '    steps:',
      '      - run: make',
    );
    const r = await run(src);
    expect(r.text).toBe(src);
    expect(r.findings).toEqual([
      expect.objectContaining({
        line: 6,
        fixed: false,
        message: expect.stringContaining('step 1.2 of job a uses vendor/thing@v2'),
      }),
    ]);
    expect(r.report.summary.byRule['insecure-commands']).toEqual({ fixed: 0, reported: 1, suppressed: 1 });
  });

  test('is idempotent', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make',
      '        env:',
      '          ACTIONS_ALLOW_UNSECURE_COMMANDS: true',
      '          CC: gcc',
    );
    const once = await run(src);
    const twice = await run(once.text);
    expect(twice.text).toBe(once.text);
    expect(twice.findings).toEqual([]);
  });
});
