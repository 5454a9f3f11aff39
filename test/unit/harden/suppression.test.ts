import { checkoutPersistCredentials } from '../../../src/harden/rules/checkout-persist-credentials/checkout-persist-credentials.js';
import { hardenRunner } from '../../../src/harden/rules/harden-runner/harden-runner.js';
import { pinActions } from '../../../src/harden/rules/pin-actions/pin-actions.js';
import { tokenPermissions } from '../../../src/harden/rules/token-permissions/token-permissions.js';
import { templateInjection } from '../../../src/harden/rules/template-injection/template-injection.js';
import { ignoreComments } from '../../../src/harden/suppression/ignore-comments.js';
import type { SourceFile } from '../../../src/harden/types.js';
import { parseText } from '../../../src/harden/yaml/parse-source.js';
import { runHarden, SHA, yaml } from '../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const PIN = `actions/checkout@${SHA.checkoutV4} # v4.2.2`;
const wf = (...steps: string[]) =>
  yaml('on: push', 'jobs:', '  b:', '    runs-on: ubuntu-latest', '    steps:', ...steps);

function parsed(text: string): SourceFile {
  const r = parseText(WF, 'workflow', text);
  if (!r.ok) throw new Error(r.error);
  return r.file;
}

describe('ignore comments', () => {
  test('# rampart: ignore[rule] on the line leaves it as written, and only counts it', async () => {
    const src = wf(
      '      - uses: actions/checkout@v4 # rampart: ignore[pin-actions]',
      '      - uses: actions/checkout@v4',
    );
    const r = await runHarden({ [WF]: src }, { rules: [pinActions] });
    expect(r.files[WF]).toBe(
      wf('      - uses: actions/checkout@v4 # rampart: ignore[pin-actions]', `      - uses: ${PIN}`),
    );
    expect(r.file(WF).findings.map((f) => [f.line, f.fixed])).toEqual([[7, true]]);
    expect(r.file(WF).suppressed).toEqual({ 'pin-actions': 1 });
    expect(r.report.summary).toMatchObject({
      fixed: 1,
      reported: 0,
      suppressed: 1,
      byRule: { 'pin-actions': { fixed: 1, reported: 0, suppressed: 1 } },
    });
  });

  test('a comment alone on the line above applies; one trailing the line above does not', async () => {
    const src = wf(
      '      # rampart: ignore[pin-actions]',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@v4 # rampart: ignore[pin-actions]',
      '      - uses: actions/checkout@v3',
    );
    const r = await runHarden({ [WF]: src }, { rules: [pinActions] });
    expect(r.files[WF]).toBe(
      wf(
        '      # rampart: ignore[pin-actions]',
        '      - uses: actions/checkout@v4',
        '      - uses: actions/setup-node@v4 # rampart: ignore[pin-actions]',
        `      - uses: actions/checkout@${SHA.checkoutV3} # v3.6.0`,
      ),
    );
    expect(r.report.summary.suppressed).toBe(2);
  });

  test('one comment lists several rules; unknown ids in it are ignored', async () => {
    const src = wf(
      '      - uses: actions/checkout@v4 # rampart: ignore[no-such-rule, pin-actions,checkout-persist-credentials]',
    );
    const r = await runHarden({ [WF]: src }, { rules: [pinActions, checkoutPersistCredentials] });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([]);
    expect(r.file(WF).suppressed).toEqual({ 'pin-actions': 1, 'checkout-persist-credentials': 1 });
  });

  test('a comment naming only unknown ids, or zizmor audits Rampart has no rule for, changes nothing', async () => {
    const src = wf(
      '      - uses: actions/checkout@v4 # rampart: ignore[pin-action]',
      '      - uses: actions/checkout@v4 # zizmor: ignore[ref-confusion]',
    );
    const r = await runHarden({ [WF]: src }, { rules: [pinActions] });
    expect(r.files[WF]).toBe(
      wf(`      - uses: ${PIN} # rampart: ignore[pin-action]`, `      - uses: ${PIN} # zizmor: ignore[ref-confusion]`),
    );
    expect(r.file(WF).suppressed).toBeUndefined();
    expect(r.report.summary.suppressed).toBe(0);
  });

  test('CRLF files: the comment is read on its line, and the other fixes keep CRLF', async () => {
    const src = wf(
      '      # rampart: ignore[pin-actions]',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/checkout@v4 # rampart: ignore[checkout-persist-credentials]',
    ).replace(/\n/g, '\r\n');
    const r = await runHarden({ [WF]: src }, { rules: [pinActions, checkoutPersistCredentials] });
    expect(r.files[WF]).toBe(
      wf(
        '      # rampart: ignore[pin-actions]',
        '      - uses: actions/checkout@v4',
        '        with:',
        '          persist-credentials: false',
        `      - uses: ${PIN.replace(' # v4.2.2', '')} # v4.2.2 # rampart: ignore[checkout-persist-credentials]`,
      ).replace(/\n/g, '\r\n'),
    );
    expect(r.file(WF).suppressed).toEqual({ 'pin-actions': 1, 'checkout-persist-credentials': 1 });
  });

  test('# zizmor: ignore[audit] silences the Rampart rule for that audit, so a zizmor decision is not undone', async () => {
    const src = wf(
      '      - name: Check out',
      '        uses: actions/checkout@v4 # zizmor: ignore[unpinned-uses,artipacked]',
      '      - uses: actions/checkout@v4 # zizmor: ignore[artipacked]',
    );
    const r = await runHarden({ [WF]: src }, { rules: [pinActions, checkoutPersistCredentials] });
    // The first step keeps its tag and its credential; the second is pinned but keeps its credential.
    expect(r.files[WF]).toBe(
      wf(
        '      - name: Check out',
        '        uses: actions/checkout@v4 # zizmor: ignore[unpinned-uses,artipacked]',
        `      - uses: ${PIN.replace(' # v4.2.2', '')} # v4.2.2 # zizmor: ignore[artipacked]`,
      ),
    );
    expect(r.file(WF).suppressed).toEqual({ 'pin-actions': 1, 'checkout-persist-credentials': 2 });
  });

  test('zizmor comments apply within the node, not from the line above', async () => {
    const src = wf('      # zizmor: ignore[unpinned-uses]', '      - uses: actions/checkout@v4');
    const r = await runHarden({ [WF]: src }, { rules: [pinActions] });
    expect(r.files[WF]).toBe(wf('      # zizmor: ignore[unpinned-uses]', `      - uses: ${PIN}`));
  });

  test('template-injection: a comment on the run: line covers the script below it; text inside the script does not count', async () => {
    const step = (comment: string, inside: string) => [
      '      - run: |' + comment,
      `          ${inside}`,
      '          echo "${{ github.event.issue.title }}"',
    ];
    const silenced = wf(...step(' # zizmor: ignore[template-injection]', 'true'));
    const r = await runHarden({ [WF]: silenced }, { rules: [templateInjection] });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).suppressed).toEqual({ 'template-injection': 1 });
    const inScript = wf(...step('', '# rampart: ignore[template-injection]'));
    const fixed = await runHarden({ [WF]: inScript }, { rules: [templateInjection] });
    expect(fixed.changed).toEqual([WF]);
    expect(fixed.file(WF).suppressed).toBeUndefined();
  });

  test('a job-level rule is silenced by a comment on the job key', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  b: # rampart: ignore[harden-runner]',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make',
      '  c:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make',
    );
    const r = await runHarden({ [WF]: src }, { rules: [hardenRunner] });
    expect(r.files[WF]).toContain(
      '  b: # rampart: ignore[harden-runner]\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
    );
    expect(r.file(WF).findings.map((f) => [f.rule, f.line, f.fixed])).toEqual([['harden-runner', 10, true]]);
    expect(r.file(WF).suppressed).toEqual({ 'harden-runner': 1 });
  });
});

describe('ignore comments and token-permissions', () => {
  test('silencing one job leaves the whole workflow as it is, since a top-level block would reach that job too', async () => {
    const jobs = (comment: string) =>
      yaml(
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@v4',
        `  release:${comment}`,
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: git push',
      );
    const open = await runHarden({ [WF]: jobs('') }, { rules: [tokenPermissions] });
    expect(open.files[WF]).toContain('permissions:\n  contents: read\n');
    const silenced = await runHarden(
      { [WF]: jobs(' # rampart: ignore[token-permissions]') },
      { rules: [tokenPermissions] },
    );
    expect(silenced.changed).toEqual([]);
    expect(silenced.report.summary).toMatchObject({ fixed: 0, suppressed: 1 });
  });
});

describe('ignoreComments', () => {
  test('reads real comments only, with the documented reach', () => {
    const text = yaml(
      'a: "x # rampart: ignore[pin-actions]"', // 1: inside a quoted scalar
      'b: 1 # rampart: ignore[pin-actions]', // 2: trailing
      '# rampart: ignore[secrets-inherit]', // 3: alone
      'c: 2',
      'd: 3 # zizmor: ignore[secrets-inherit]', // 5
      'e: 4',
    );
    const ignores = ignoreComments(parsed(text))!;
    expect(ignores.silences('pin-actions', 1)).toBe(false);
    expect(ignores.silences('pin-actions', 2)).toBe(true);
    expect(ignores.silences('pin-actions', 3)).toBe(false);
    expect(ignores.silences('secrets-inherit', 4)).toBe(true);
    expect(ignores.silences('secrets-inherit', 5)).toBe(true);
    expect(ignores.silences('secrets-inherit', 6)).toBe(false);
    expect(ignores.silences('secrets-inherit', 6, { from: 4, to: 6 })).toBe(true);
    expect(ignores.silences('unpinned-images', 5)).toBe(false);
  });

  test('a file without ignore comments costs nothing', () => {
    expect(ignoreComments(parsed(yaml('a: 1', '# ignore this')))).toBeUndefined();
  });
});
