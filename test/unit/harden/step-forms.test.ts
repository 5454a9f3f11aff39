import { parseDocument } from 'yaml';
import { parseUses } from '../../../src/harden/model/action-ref.js';
import { usesSites } from '../../../src/harden/model/uses-sites.js';
import { compositeSteps, isPseudoStep, stepsOf, type StepRef } from '../../../src/harden/model/workflow-model.js';
import { dangerousTriggers } from '../../../src/harden/rules/dangerous-triggers/dangerous-triggers.js';
import { hardenRunner } from '../../../src/harden/rules/harden-runner/harden-runner.js';
import { pinActions } from '../../../src/harden/rules/pin-actions/pin-actions.js';
import { secretsInherit } from '../../../src/harden/rules/secrets-inherit/secrets-inherit.js';
import { templateInjection } from '../../../src/harden/rules/template-injection/template-injection.js';
import type { SourceFile } from '../../../src/harden/types.js';
import { parseText } from '../../../src/harden/yaml/parse-source.js';
import { runHarden, SHA, yaml } from '../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const job = (on: string, ...steps: string[]) =>
  yaml(`on: ${on}`, 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps);
const HARDEN_RUNNER = [
  '      - name: Harden the runner (Audit all outbound calls)',
  `        uses: step-security/harden-runner@${SHA.hardenRunner} # v2.12.0`,
  '        with:',
  '          egress-policy: audit',
];

function parsed(path: string, kind: 'workflow' | 'action', text: string): SourceFile {
  const outcome = parseText(path, kind, text);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.file;
}

const shape = (s: StepRef) => ({
  path: s.path,
  form: s.form,
  group: s.group,
  background: s.background,
  pseudo: isPseudoStep(s),
});

describe('the workflow model and the new step forms', () => {
  test('a parallel: group is followed by its steps, in document order, each with its own path', () => {
    const file = parsed(
      WF,
      'workflow',
      job(
        'push',
        '      - parallel:',
        '          - run: a',
        '          - uses: actions/checkout@v4',
        '            background: true',
        '      - id: srv',
        '        run: ./serve',
        '        background: true',
        '      - wait: srv',
        '      - name: all done',
        '        wait-all: true',
        '      - cancel: srv',
      ),
    );
    expect(stepsOf(file).map(shape)).toEqual([
      { path: ['jobs', 'build', 'steps', 0], form: 'parallel', group: undefined, background: false, pseudo: false },
      { path: ['jobs', 'build', 'steps', 0, 'parallel', 0], form: 'step', group: 0, background: false, pseudo: false },
      { path: ['jobs', 'build', 'steps', 0, 'parallel', 1], form: 'step', group: 0, background: true, pseudo: false },
      { path: ['jobs', 'build', 'steps', 1], form: 'step', group: undefined, background: true, pseudo: false },
      { path: ['jobs', 'build', 'steps', 2], form: 'wait', group: undefined, background: false, pseudo: true },
      { path: ['jobs', 'build', 'steps', 3], form: 'wait-all', group: undefined, background: false, pseudo: true },
      { path: ['jobs', 'build', 'steps', 4], form: 'cancel', group: undefined, background: false, pseudo: true },
    ]);
    // Every path names the node it came from in the document's plain value.
    const value = parseDocument(file.text).toJS() as unknown;
    for (const s of stepsOf(file)) {
      const at = s.path.reduce<unknown>((v, seg) => (v as Record<string | number, unknown>)[seg], value);
      expect(at).toEqual(s.node?.toJSON());
    }
  });

  test('composite actions get the same treatment', () => {
    const file = parsed(
      'action.yml',
      'action',
      yaml(
        'runs:',
        '  using: composite',
        '  steps:',
        '    - parallel:',
        '        - run: a',
        '          shell: bash',
        '    - wait-all: true',
      ),
    );
    expect(compositeSteps(file).map((s) => [s.path, s.form])).toEqual([
      [['runs', 'steps', 0], 'parallel'],
      [['runs', 'steps', 0, 'parallel', 0], 'step'],
      [['runs', 'steps', 1], 'wait-all'],
    ]);
  });

  test('uses sites inside a flow-style group count as flow', () => {
    const file = parsed(
      WF,
      'workflow',
      job(
        'push',
        '      - parallel: [{uses: actions/checkout@v4}]',
        '      - parallel:',
        '          - uses: actions/checkout@v4',
      ),
    );
    expect(usesSites(file).map((s) => [s.path, s.inFlow])).toEqual([
      [['jobs', 'build', 'steps', 0, 'parallel', 0, 'uses'], true],
      [['jobs', 'build', 'steps', 1, 'parallel', 0, 'uses'], false],
    ]);
  });

  test('uses: $/… is a local reference, read as ./…', () => {
    expect(parseUses('$/.github/workflows/build.yml')).toEqual({
      kind: 'local',
      path: './.github/workflows/build.yml',
      selfRepo: true,
    });
    expect(parseUses('$/tools/setup')).toEqual({ kind: 'local', path: './tools/setup', selfRepo: true });
    expect(parseUses('./tools/setup')).toEqual({ kind: 'local', path: './tools/setup', selfRepo: false });
  });
});

describe('rules over the new step forms', () => {
  test('pin-actions pins the steps of a parallel: group (docker:// ones are reported) and leaves $/ references alone, without a word', async () => {
    const src = job(
      'push',
      '      - parallel:',
      '          - uses: actions/checkout@v4',
      '          - uses: actions/setup-node@v4',
      '            background: true',
      '          - uses: docker://alpine:3.20',
      '      - wait-all: true',
      '      - uses: $/.github/actions/build',
    );
    const r = await runHarden(
      { [WF]: src + yaml('  call:', '    uses: $/.github/workflows/reusable.yml') },
      { rules: [pinActions] },
    );
    expect(r.files[WF]).toBe(
      job(
        'push',
        '      - parallel:',
        `          - uses: actions/checkout@${SHA.checkoutV4} # v4.2.2`,
        `          - uses: actions/setup-node@${SHA.setupNode} # v4.1.0`,
        '            background: true',
        '          - uses: docker://alpine:3.20',
        '      - wait-all: true',
        '      - uses: $/.github/actions/build',
      ) + yaml('  call:', '    uses: $/.github/workflows/reusable.yml'),
    );
    expect(r.file(WF).findings.map((f) => [f.line, f.fixed, f.message])).toEqual([
      [7, true, expect.stringContaining('pinned actions/checkout@v4')],
      [8, true, expect.stringContaining('pinned actions/setup-node@v4')],
      [10, false, expect.stringContaining('docker://alpine:3.20 is not pinned to a digest')],
    ]);
  });

  test('template-injection moves an expression out of a run: inside a group, with env: at the step’s indentation', async () => {
    const src = job(
      'issues',
      '      - parallel:',
      '          - uses: actions/checkout@v4',
      '          - name: greet',
      '            run: echo "${{ github.event.issue.title }}"',
      '      - wait-all: true',
    );
    const r = await runHarden({ [WF]: src }, { rules: [templateInjection] });
    const fixed = job(
      'issues',
      '      - parallel:',
      '          - uses: actions/checkout@v4',
      '          - name: greet',
      '            env:',
      '              GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
      '            run: echo "${GITHUB_EVENT_ISSUE_TITLE}"',
      '      - wait-all: true',
    );
    expect(r.files[WF]).toBe(fixed);
    expect(r.file(WF).findings).toEqual([
      expect.objectContaining({ rule: 'template-injection', line: 9, fixed: true }),
    ]);
    const again = await runHarden({ [WF]: fixed }, { rules: [templateInjection] });
    expect(again.changed).toEqual([]);
  });

  test('template-injection fixes a run: that is the first key of its item in a group, and extends an existing env:', async () => {
    const src = job(
      'issues',
      '      - parallel:',
      '        - run: echo "${{ github.event.issue.title }}"',
      '        - env:',
      '            A: b',
      '          run: echo "${{ github.event.issue.body }}"',
    );
    const r = await runHarden({ [WF]: src }, { rules: [templateInjection] });
    expect(r.files[WF]).toBe(
      job(
        'issues',
        '      - parallel:',
        '        - env:',
        '            GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '          run: echo "${GITHUB_EVENT_ISSUE_TITLE}"',
        '        - env:',
        '            A: b',
        '            GITHUB_EVENT_ISSUE_BODY: ${{ github.event.issue.body }}',
        '          run: echo "${GITHUB_EVENT_ISSUE_BODY}"',
      ),
    );
    expect(r.file(WF).findings.filter((f) => f.fixed)).toHaveLength(2);
  });

  test('template-injection does not take a name an env: on the group already uses', async () => {
    const src = job(
      'issues',
      '      - parallel:',
      '          - run: echo "${{ github.event.issue.title }}"',
      '        env:',
      '          GITHUB_EVENT_ISSUE_TITLE: fixed',
    );
    const r = await runHarden({ [WF]: src }, { rules: [templateInjection] });
    expect(r.files[WF]).toBe(
      job(
        'issues',
        '      - parallel:',
        '          - env:',
        '              GITHUB_EVENT_ISSUE_TITLE_2: ${{ github.event.issue.title }}',
        '            run: echo "${GITHUB_EVENT_ISSUE_TITLE_2}"',
        '        env:',
        '          GITHUB_EVENT_ISSUE_TITLE: fixed',
      ),
    );
  });

  test('template-injection reports, and does not rewrite, a run: in a group another step aliases', async () => {
    const src = job(
      'issues',
      '      - &both',
      '        parallel:',
      '          - run: echo "${{ github.event.issue.title }}"',
      '      - *both',
    );
    const r = await runHarden({ [WF]: src }, { rules: [templateInjection] });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([
      expect.objectContaining({ fixed: false, message: expect.stringContaining('group carries an anchor') }),
    ]);
  });

  test('template-injection reports, and does not rewrite, a run: in a flow-style group', async () => {
    const src = job('issues', '      - parallel: [{run: "echo ${{ github.event.issue.title }}"}]');
    const r = await runHarden({ [WF]: src }, { rules: [templateInjection] });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([
      expect.objectContaining({ fixed: false, message: expect.stringContaining('flow style') }),
    ]);
  });

  test.each([
    ['a parallel: group', ['      - parallel:', '          - run: a', '          - run: b']],
    ['wait-all:', ['      - wait-all: true', '      - run: a']],
    ['a named wait: with a list', ['      - name: wait for both', '        wait: [a, b]', '      - run: c']],
  ])('harden-runner goes before item 0 of steps: when that item is %s', async (_name, steps) => {
    const r = await runHarden({ [WF]: job('push', ...steps) }, { rules: [hardenRunner] });
    expect(r.files[WF]).toBe(job('push', ...HARDEN_RUNNER, ...steps));
  });

  test('harden-runner sees one already inside a group and adds no second', async () => {
    const src = job(
      'push',
      '      - parallel:',
      `          - uses: step-security/harden-runner@${SHA.hardenRunner} # v2.12.0`,
      '          - run: a',
    );
    const r = await runHarden({ [WF]: src }, { rules: [hardenRunner] });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([]);
  });

  test('dangerous-triggers sees a checkout of the pull request head inside a group', async () => {
    const src = yaml(
      'on: pull_request_target',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - parallel:',
      '          - run: echo hi',
      '          - uses: actions/checkout@v4',
      '            with:',
      '              ref: ${{ github.event.pull_request.head.sha }}',
      '      - wait-all: true',
    );
    const r = await runHarden({ [WF]: src }, { rules: [dangerousTriggers] });
    // The workflow is reported on its trigger; the checkout runs beside a script in its group, so both are critical.
    expect(r.file(WF).findings).toEqual([
      expect.objectContaining({ line: 1, severity: 'critical' }),
      expect.objectContaining({
        line: 8,
        fixed: false,
        severity: 'critical',
        message: expect.stringContaining('checks out untrusted code'),
      }),
    ]);
  });

  test('secrets-inherit names a $/ workflow as it is written', async () => {
    const src = yaml('on: push', 'jobs:', '  call:', '    uses: $/.github/workflows/x.yml', '    secrets: inherit');
    const r = await runHarden({ [WF]: src }, { rules: [secretsInherit] });
    expect(r.file(WF).findings).toEqual([
      expect.objectContaining({
        line: 5,
        message: expect.stringContaining('passes every secret to $/.github/workflows/x.yml'),
      }),
    ]);
  });
});
