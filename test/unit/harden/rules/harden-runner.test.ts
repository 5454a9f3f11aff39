import { hardenRunner } from '../../../../src/harden/rules/harden-runner/harden-runner.js';
import { runHarden, SHA, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const rules = [hardenRunner];
const STEP = [
  '      - name: Harden the runner (Audit all outbound calls)',
  `        uses: step-security/harden-runner@${SHA.hardenRunner} # v2.12.0`,
  '        with:',
  '          egress-policy: audit',
];

describe('harden-runner', () => {
  test('inserts the pinned step first in a GitHub-hosted Linux job, egress-policy written out', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      # check out first',
      '      - uses: actions/checkout@v4',
      '      - run: make',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.files[WF]).toBe(
      yaml(
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        ...STEP,
        '      # check out first',
        '      - uses: actions/checkout@v4',
        '      - run: make',
      ),
    );
    expect(r.file(WF).findings[0]).toMatchObject({
      fixed: true,
      message: expect.stringContaining('first step of job build'),
    });
  });

  test('follows 4-space indentation, a compact dash style and CRLF', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '    build:',
      '        runs-on: ubuntu-22.04',
      '        steps:',
      '        -   run: make',
    ).replace(/\n/g, '\r\n');
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.files[WF]).toBe(
      yaml(
        'on: push',
        'jobs:',
        '    build:',
        '        runs-on: ubuntu-22.04',
        '        steps:',
        '        -   name: Harden the runner (Audit all outbound calls)',
        `            uses: step-security/harden-runner@${SHA.hardenRunner} # v2.12.0`,
        '            with:',
        '                egress-policy: audit',
        '        -   run: make',
      ).replace(/\n/g, '\r\n'),
    );
  });

  test('skips reusable-workflow calls, jobs that have it, containers, Windows, self-hosted and unknown runners', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  call:',
      '    uses: ./.github/workflows/x.yml',
      '  has:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      `      - uses: step-security/harden-runner@${SHA.hardenRunner} # v2.12.0`,
      '  box:',
      '    runs-on: ubuntu-latest',
      '    container: node:20',
      '    steps: [{run: make}]',
      '  win:',
      '    runs-on: windows-latest',
      '    steps:',
      '      - run: make',
      '  own:',
      '    runs-on: [self-hosted, linux]',
      '    steps:',
      '      - run: make',
      '  dyn:',
      '    runs-on: ${{ inputs.runner }}',
      '    steps:',
      '      - run: make',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings.map((f) => f.message)).toEqual([
      expect.stringContaining('job box: harden-runner not added because it runs in a container'),
      expect.stringContaining('job win: harden-runner not added because it runs on windows'),
      expect.stringContaining('job own: harden-runner not added because it runs on a self-hosted runner'),
      expect.stringContaining('job dyn: harden-runner not added because its runner cannot be determined'),
    ]);
    // A job the tool cannot watch is a limit of the tool, not a risk found; each points at its job's key.
    expect(r.file(WF).findings.map((f) => [f.severity, f.column, f.help])).toEqual(
      Array(4).fill(['info', 3, hardenRunner.help]),
    );
  });

  test('expands a literal matrix; a Linux-only matrix is eligible, a mixed one is not', async () => {
    const job = (name: string, oses: string) => [
      `  ${name}:`,
      '    strategy:',
      '      matrix:',
      `        os: [${oses}]`,
      '    runs-on: ${{ matrix.os }}',
      '    steps:',
      '      - run: make',
    ];
    const src = yaml(
      'on: push',
      'jobs:',
      ...job('linux', 'ubuntu-22.04, ubuntu-24.04'),
      ...job('mixed', 'ubuntu-latest, macos-latest'),
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.files[WF]).toContain(
      `    runs-on: \${{ matrix.os }}\n    steps:\n${STEP.join('\n')}\n      - run: make\n  mixed:`,
    );
    expect(r.file(WF).findings.find((f) => !f.fixed)!.message).toMatch(/job mixed: .* runs on linux, macos/);
  });

  test('self-hosted jobs are included when configured, and block policy is written when chosen', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  own:',
      '    runs-on: [self-hosted, linux, x64]',
      '    steps:',
      '      - run: make',
    );
    const r = await runHarden(
      { [WF]: src },
      { rules, options: { hardenRunner: { includeSelfHosted: true, egressPolicy: 'block' } } },
    );
    expect(r.files[WF]).toContain('          egress-policy: block\n');
    expect(r.file(WF).findings[0]!.message).toMatch(/allowed-endpoints/);
  });

  test('reports instead of inserting an unpinned step when the action cannot be resolved', async () => {
    const src = yaml('on: push', 'jobs:', '  b:', '    runs-on: ubuntu-latest', '    steps:', '      - run: make');
    const r = await runHarden(
      { [WF]: src },
      { rules, options: { hardenRunner: { action: 'someone/harden-runner@v9' } } },
    );
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings[0]!.message).toMatch(/could not be resolved/);
  });

  test('is idempotent', async () => {
    const src = yaml('on: push', 'jobs:', '  b:', '    runs-on: ubuntu-latest', '    steps:', '      - run: make');
    const first = await runHarden({ [WF]: src }, { rules });
    const second = await runHarden({ [WF]: first.files[WF]! }, { rules });
    expect(second.changed).toEqual([]);
  });
});
