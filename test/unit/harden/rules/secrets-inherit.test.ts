import { secretsInherit } from '../../../../src/harden/rules/secrets-inherit/secrets-inherit.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const CALLEE = '.github/workflows/deploy.yml';
const rules = [secretsInherit];
const callee = (...lines: string[]) =>
  yaml(
    'on:',
    '  workflow_call:',
    ...lines,
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: ./deploy.sh',
    '        env:',
    '          KEY: ${{ secrets.DEPLOY_KEY }}',
  );

describe('secrets-inherit', () => {
  test('reported on the secrets line when the callee is in another repository', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  call:',
      '    uses: org/repo/.github/workflows/x.yml@v1',
      '    secrets: inherit',
      '  call2:',
      '    uses: ./.github/workflows/y.yml',
      '    secrets:',
      '      token: ${{ secrets.T }}',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.file(WF).findings).toEqual([
      {
        rule: 'secrets-inherit',
        severity: 'medium',
        confidence: 'high',
        path: WF,
        line: 5,
        column: 5,
        message: expect.stringContaining('passes every secret to org/repo/.github/workflows/x.yml@v1'),
        fixed: false,
        help: expect.stringContaining('secrets:'),
      },
    ]);
  });

  test('a local callee gets exactly the secrets it declares; comments and CRLF are kept', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  call:',
      '    uses: ./.github/workflows/deploy.yml',
      '    secrets: inherit # all of them',
      '  after:',
      '    needs: call',
      '    runs-on: ubuntu-latest',
      '    steps: [{run: echo}]',
    );
    const declared = callee(
      '    secrets:',
      '      DEPLOY_KEY: {required: true}',
      '      Slack_Hook:',
      '        required: false',
    );
    const crlf = (t: string) => t.replace(/\n/g, '\r\n');
    const r = await runHarden(
      { [WF]: crlf(src), [CALLEE]: declared.replace('./deploy.sh', './deploy.sh ${{ secrets.slack_hook }}') },
      { rules },
    );
    expect(r.files[WF]).toBe(
      crlf(
        src.replace(
          '    secrets: inherit # all of them',
          '    secrets:\n      DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}\n      Slack_Hook: ${{ secrets.Slack_Hook }} # all of them',
        ),
      ),
    );
    expect(r.file(WF).findings).toEqual([
      expect.objectContaining({
        line: 5,
        fixed: true,
        message:
          'job call: replaced secrets: inherit with the 2 secret(s) ./.github/workflows/deploy.yml declares (DEPLOY_KEY, Slack_Hook)',
      }),
    ]);
    const again = await runHarden({ [WF]: r.files[WF]!, [CALLEE]: declared }, { rules });
    expect(again.changed).toEqual([]);
  });

  test('a callee that declares no secrets and reads none gets none: the line goes (actionlint refuses an empty map)', async () => {
    const src = yaml('on: push', 'jobs:', '  lint:', '    uses: ./.github/workflows/lint.yml', '    secrets: inherit');
    const lint = yaml(
      'on: workflow_call',
      'jobs:',
      '  lint:',
      '    runs-on: ubuntu-latest',
      '    steps: [{run: make lint}]',
    );
    const r = await runHarden({ [WF]: src, '.github/workflows/lint.yml': lint }, { rules });
    expect(r.files[WF]).toBe(src.replace('    secrets: inherit\n', ''));
    const crlf = src.replace(/\n/g, '\r\n').replace('secrets: inherit', 'secrets: inherit  # all of them');
    const r2 = await runHarden({ [WF]: crlf, '.github/workflows/lint.yml': lint }, { rules });
    expect(r2.files[WF]).toBe(crlf.replace('    secrets: inherit  # all of them\r\n', ''));
  });

  test.each([
    ['reads a secret it does not declare', callee(), 'reads secrets.deploy_key, which it does not declare'],
    [
      'reads the whole secrets context',
      callee('    secrets: {DEPLOY_KEY: {}}').replace('./deploy.sh', './deploy.sh ${{ toJSON(secrets) }}'),
      'reads the secrets context as a whole',
    ],
    [
      'passes inherit on',
      callee('    secrets: {DEPLOY_KEY: {}}') +
        '  nested:\n    uses: ./.github/workflows/other.yml\n    secrets: inherit\n',
      'passes every secret it gets on to ./.github/workflows/other.yml',
    ],
  ])('reports a callee that %s', async (_label, calleeText, reason) => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  call:',
      '    uses: ./.github/workflows/deploy.yml',
      '    secrets: inherit',
    );
    const r = await runHarden({ [WF]: src, [CALLEE]: calleeText }, { rules });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([
      expect.objectContaining({ fixed: false, message: expect.stringContaining(reason) }),
    ]);
  });

  test('reports a callee not among the files, a flow-style job, and an anchored or aliased inherit', async () => {
    const missing = yaml(
      'on: push',
      'jobs:',
      '  call:',
      '    uses: ./.github/workflows/gone.yml',
      '    secrets: inherit',
    );
    const r1 = await runHarden({ [WF]: missing }, { rules });
    expect(r1.file(WF).findings[0]!.message).toContain('is not among the files given');
    const flow = yaml('on: push', 'jobs:', '  call: {uses: ./.github/workflows/deploy.yml, secrets: inherit}');
    const r2 = await runHarden({ [WF]: flow, [CALLEE]: callee('    secrets: {DEPLOY_KEY: {}}') }, { rules });
    expect(r2.changed).toEqual([]);
    expect(r2.file(WF).findings[0]!.message).toContain('flow style');
    const anchored = yaml(
      'on: push',
      'jobs:',
      '  call:',
      '    uses: ./.github/workflows/deploy.yml',
      '    secrets: &all inherit',
      '  again:',
      '    uses: ./.github/workflows/deploy.yml',
      '    secrets: *all',
    );
    const r3 = await runHarden({ [WF]: anchored, [CALLEE]: callee('    secrets: {DEPLOY_KEY: {}}') }, { rules });
    expect(r3.changed).toEqual([]);
    expect(r3.file(WF).findings.map((f) => [f.line, f.message.split('(').at(-1)])).toEqual([
      [5, 'secrets: inherit is not a plain scalar)'],
      [8, 'secrets: inherit is not a plain scalar)'],
    ]);
  });

  test('an ignore comment on the job key silences it', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  call: # rampart: ignore[secrets-inherit]',
      '    uses: org/repo/.github/workflows/x.yml@v1',
      '    secrets: inherit',
    );
    const r = await runHarden({ [WF]: src }, { rules: [secretsInherit] });
    expect(r.file(WF).findings).toEqual([]);
    expect(r.report.summary).toMatchObject({
      reported: 0,
      suppressed: 1,
      byRule: { 'secrets-inherit': { fixed: 0, reported: 0, suppressed: 1 } },
    });
  });
});
