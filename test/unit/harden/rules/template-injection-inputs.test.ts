import { findExpressions } from '../../../../src/harden/rules/template-injection/expressions.js';
import { outputDanger } from '../../../../src/harden/rules/template-injection/expression-taint.js';
import { lexJs } from '../../../../src/harden/rules/template-injection/js-context.js';
import { templateInjection } from '../../../../src/harden/rules/template-injection/template-injection.js';
import { CODE_INPUTS } from '../../../../src/harden/knowledge/code-inputs.js';
import type { Finding } from '../../../../src/harden/types.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const ACTION = '.github/actions/greet/action.yml';
const rules = [templateInjection];
const wf = (on: string, ...steps: string[]) =>
  yaml(`on: ${on}`, 'jobs:', '  triage:', '    runs-on: ubuntu-latest', '    steps:', ...steps);

/** Hardens one file, checks a second run changes nothing more, and returns the text and findings. */
async function harden(text: string, path = WF): Promise<{ text: string; findings: Finding[] }> {
  const first = await runHarden({ [path]: text }, { rules });
  const out = first.files[path]!;
  const again = await runHarden({ [path]: out }, { rules });
  expect(again.files[path]).toBe(out);
  expect(again.file(path).findings.filter((f) => f.fixed)).toEqual([]);
  return { text: out, findings: first.file(path).findings };
}

describe('template-injection: inputs that run code', () => {
  test('the knowledge base names its sources and the inputs CodeQL and zizmor model', () => {
    expect(CODE_INPUTS.get('mikefarah/yq')?.inputs).toEqual(['cmd']);
    expect(CODE_INPUTS.get('tibdex/backport')?.inputs).toContain('title_template');
    expect(CODE_INPUTS.get('actions/github-script')?.fix).toBe('javascript');
    for (const entry of CODE_INPUTS.values()) expect(entry.source).toMatch(/^https:\/\//);
  });

  test('github-script: a whole string literal becomes process.env, a template literal ${process.env}', async () => {
    const src = wf(
      'issue_comment',
      '      - uses: actions/github-script@v7 # pinned later',
      '        with:',
      '          script: |',
      "            const body = '${{ github.event.comment.body }}'",
      '            const msg = `Thanks for ${{ github.event.issue.title }}!`',
      '            // ${{ github.event.issue.title }}',
      '            await github.rest.issues.createComment({ body: `${msg}` })',
      '            await exec.exec(`echo ${{ github.head_ref }}`)',
    );
    const r = await harden(src);
    expect(r.text).toBe(
      wf(
        'issue_comment',
        '      - env:',
        '          GITHUB_EVENT_COMMENT_BODY: ${{ github.event.comment.body }}',
        '          GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '        uses: actions/github-script@v7 # pinned later',
        '        with:',
        '          script: |',
        '            const body = process.env.GITHUB_EVENT_COMMENT_BODY',
        '            const msg = `Thanks for ${process.env.GITHUB_EVENT_ISSUE_TITLE}!`',
        '            // process.env.GITHUB_EVENT_ISSUE_TITLE',
        '            await github.rest.issues.createComment({ body: `${msg}` })',
        '            await exec.exec(`echo ${process.env.GITHUB_HEAD_REF}`)',
      ),
    );
    expect(r.findings).toEqual([
      expect.objectContaining({ line: 9, column: 27, fixed: true, severity: 'high', confidence: 'high' }),
    ]);
  });

  test('github-script: reports code positions, partial strings, and strings handed to exec()', async () => {
    const src = wf(
      'pull_request_target',
      '      - uses: actions/github-script@v7',
      '        with:',
      '          script: |',
      '            const n = ${{ github.event.pull_request.title }}',
      '            console.log("title: ${{ github.event.pull_request.title }}")',
      '            require("child_process").execSync(`git checkout ${{ github.head_ref }}`)',
    );
    const r = await harden(src);
    expect(r.text).toBe(src);
    expect(
      r.findings.map((f) => [f.line, f.fixed, f.message.split('; pass')[0]!.split(' left in place: ')[1]]),
    ).toEqual([
      [9, false, 'it stands in the code itself, not in a string, so its text was meant to be code'],
      [10, false, 'it is part of a longer string literal; use a template literal with ${process.env.NAME}'],
      [11, false, 'the script hands it to execSync(), which would still run it as code'],
    ]);
  });

  test('github-script in flow style, with an anchor, or as an alias is reported', async () => {
    const flow = wf(
      'issues',
      '      - {uses: actions/github-script@v7, with: {script: \'core.info("${{ github.event.issue.body }}")\'}}',
    );
    const r1 = await harden(flow);
    expect(r1.text).toBe(flow);
    expect(r1.findings[0]).toMatchObject({ fixed: false, message: expect.stringContaining('flow style') });
    const aliased = wf(
      'issues',
      '      - uses: actions/github-script@v7',
      '        with:',
      "          script: &s console.log('${{ github.event.issue.body }}')",
      '      - uses: actions/github-script@v7',
      '        with:',
      '          script: *s',
    );
    const r2 = await harden(aliased);
    expect(r2.text).toBe(aliased);
    expect(r2.findings.map((f) => f.message)).toEqual([
      expect.stringContaining('anchor'),
      expect.stringContaining('alias'),
    ]);
  });

  test('pwsh-script reads $env:NAME; CRLF and 4-space indentation are kept', async () => {
    const src = [
      'on: issues',
      'jobs:',
      '    triage:',
      '        runs-on: windows-latest',
      '        steps:',
      '            - name: greet',
      '              uses: Amadevus/pwsh-script@v2',
      '              with:',
      '                  script: Write-Host "${{ github.event.issue.title }}"',
      '',
    ].join('\r\n');
    const r = await harden(src);
    expect(r.text).toBe(
      [
        'on: issues',
        'jobs:',
        '    triage:',
        '        runs-on: windows-latest',
        '        steps:',
        '            - name: greet',
        '              env:',
        '                  GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '              uses: Amadevus/pwsh-script@v2',
        '              with:',
        '                  script: Write-Host "$env:GITHUB_EVENT_ISSUE_TITLE"',
        '',
      ].join('\r\n'),
    );
  });

  test('reports yq cmd and backport templates, whose code the step env does not reach', async () => {
    const src = wf(
      'pull_request_target',
      '      - uses: mikefarah/yq@v4',
      '        with:',
      '          cmd: yq \'.title = "${{ github.event.pull_request.title }}"\' x.yml',
      '      - uses: tibdex/backport@v2',
      '        with:',
      '          github_token: ${{ secrets.GITHUB_TOKEN }}',
      '          title_template: "<%= title %> ${{ github.event.pull_request.body }}"',
    );
    const r = await harden(src);
    expect(r.text).toBe(src);
    expect(r.findings.map((f) => [f.line, f.fixed, f.message.split(' is attacker')[0]])).toEqual([
      [8, false, '${{ github.event.pull_request.title }} in the cmd: input of mikefarah/yq'],
      [12, false, '${{ github.event.pull_request.body }} in the title_template: input of tibdex/backport'],
    ]);
    expect(r.findings[0]!.message).toContain('runs cmd as a shell command line');
  });
});

describe('template-injection: inputs of composite actions and reusable workflows', () => {
  test('a composite action input flowing into run: is moved to env, named, with low confidence', async () => {
    const src = yaml(
      'name: greet',
      'inputs:',
      '  who:',
      '    description: who to greet',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - run: echo "Hello ${{ inputs.who }}" # greet',
      '      shell: bash',
      "    - run: echo ${{ inputs.who == 'x' }} ${{ format('{0}', inputs.who) }}",
      '      shell: bash',
    );
    const r = await harden(src, ACTION);
    expect(r.text).toBe(
      yaml(
        'name: greet',
        'inputs:',
        '  who:',
        '    description: who to greet',
        'runs:',
        '  using: composite',
        '  steps:',
        '    - env:',
        '        INPUTS_WHO: ${{ inputs.who }}',
        '      run: echo "Hello ${INPUTS_WHO}" # greet',
        '      shell: bash',
        "    - run: echo ${{ inputs.who == 'x' }} ${{ format('{0}', inputs.who) }}",
        '      shell: bash',
      ),
    );
    expect(r.findings).toEqual([
      expect.objectContaining({
        line: 8,
        fixed: true,
        confidence: 'low',
        message: expect.stringContaining('moved ${{ inputs.who }} out of run:'),
      }),
      expect.objectContaining({
        line: 10,
        fixed: false,
        confidence: 'low',
        message: expect.stringContaining(
          "${{ format('{0}', inputs.who) }} in run: is attacker-controlled (an input of this action",
        ),
      }),
    ]);
  });

  test('workflow_call string inputs are moved; boolean, number and choice inputs are not', async () => {
    const src = yaml(
      'on:',
      '  workflow_call:',
      '    inputs:',
      '      ref: {type: string}',
      '      dry: {type: boolean}',
      '  workflow_dispatch:',
      '    inputs:',
      '      level: {type: choice, options: [a, b]}',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: ./build.sh ${{ inputs.ref }} ${{ inputs.dry }} ${{ inputs.level }}',
    );
    const r = await harden(src);
    expect(r.text).toBe(
      src.replace(
        '      - run: ./build.sh ${{ inputs.ref }}',
        '      - env:\n          INPUTS_REF: ${{ inputs.ref }}\n        run: ./build.sh ${INPUTS_REF}',
      ),
    );
    expect(r.findings).toEqual([
      expect.objectContaining({ fixed: true, confidence: 'low', message: expect.stringContaining('INPUTS_REF') }),
    ]);
  });
});

describe('template-injection: numbers and booleans are not attacker text', () => {
  test.each([
    ['(github.event.pull_request || github.event.issue).number', undefined],
    ['(github.event.pull_request || github.event.issue).title', 'github.event.pull_request.title'],
    ['(github.event.issue).labels[0].name', undefined],
    ['github.event.pull_request.draft && 1 || 0', undefined],
    ['fromJSON(github.event.issue.body).x', 'github.event.issue.body'],
  ])('%s', (expr, context) => {
    expect(outputDanger(expr)?.context).toBe(context);
  });

  test('a number chosen from either event is left in the script', async () => {
    const src = wf(
      '[issues, pull_request_target]',
      '      - run: gh issue view ${{ (github.event.pull_request || github.event.issue).number }}',
    );
    const r = await harden(src);
    expect(r.text).toBe(src);
    expect(r.findings).toEqual([]);
  });
});

describe('template-injection: the JavaScript lexer', () => {
  test.each([
    ['x = "${{ a.b }}"', ['string']],
    ['x = `a ${{ a.b }} ${ y + `${{ a.b }}` } ${{ a.b }}`', ['template', 'template', 'template']],
    ['x = `${ "${{ a.b }}" }`', ['string']],
    ['/* ${{ a.b }} */ f(${{ a.b }}) // ${{ a.b }}', ['comment', 'code', 'comment']],
    ["x = a / 2 / '${{ a.b }}'", ['string']],
    ["x = /'/.test(y) ? '${{ a.b }}' : 1", ['string']],
    ['x = "unclosed ${{ a.b }}', ['blocked']],
  ])('%s', (script, kinds) => {
    expect(lexJs(script, findExpressions(script)).map((c) => c.kind)).toEqual(kinds);
  });
});
