import { knownVulnerableActions } from '../../../../src/harden/rules/known-vulnerable-actions/known-vulnerable-actions.js';
import { patchedTarget } from '../../../../src/harden/rules/known-vulnerable-actions/patched-target.js';
import {
  compareVersions,
  inRange,
  parseVersion,
} from '../../../../src/harden/rules/known-vulnerable-actions/version-range.js';
import { pinActions } from '../../../../src/harden/rules/pin-actions/pin-actions.js';
import {
  ResolveError,
  type ActionAdvisory,
  type ActionResolver,
} from '../../../../src/harden/resolver/action-resolver.js';
import { staticActionResolver, type ActionRefsFile } from '../../../../src/harden/resolver/static-action-resolver.js';
import { runHarden, TEST_REFS, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const wf = (...steps: string[]) =>
  yaml('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps);
const sha = (c: string) => c.repeat(40);
const V = { v100: sha('a'), v101: sha('b'), v110: sha('c'), v200: sha('d'), v300: sha('e'), main: sha('f') };

/** An action with a patched advisory in v1 and an unpatched one in v2 (ids are made up, in GHSA's format). */
const REFS: ActionRefsFile = {
  ...TEST_REFS,
  'octo/deploy': {
    tags: {
      'v1.0.0': V.v100,
      'v1.0.1': V.v101,
      'v1.1.0': V.v110,
      v1: V.v100,
      'v2.0.0': V.v200,
      v2: V.v200,
      'v3.0.0': V.v300,
    },
    branches: { main: V.main },
    advisories: [
      {
        ghsaId: 'GHSA-2222-3333-4444',
        severity: 'high',
        summary: 'token leak in logs',
        vulnerableRange: '>= 1.0.0, < 1.0.1',
        firstPatched: '1.0.1',
      },
      {
        ghsaId: 'GHSA-cccc-ffff-gggg',
        severity: 'critical',
        summary: 'command injection',
        vulnerableRange: '>= 2.0.0, < 3.0.0',
        firstPatched: '3.0.0',
      },
    ],
  },
};
const rules = [knownVulnerableActions, pinActions];
const resolver = () => staticActionResolver(REFS);

describe('known-vulnerable-actions', () => {
  test('moves a vulnerable tag to the first patched release of its major, pinned, in one finding', async () => {
    const r = await runHarden({ [WF]: wf('      - uses: octo/deploy@v1.0.0') }, { rules, resolver: resolver() });
    expect(r.files[WF]).toBe(wf(`      - uses: octo/deploy@${V.v101} # v1.0.1`));
    expect(r.file(WF).findings).toEqual([
      {
        rule: 'known-vulnerable-actions',
        severity: 'high',
        confidence: 'high',
        path: WF,
        line: 6,
        column: 15,
        message: `octo/deploy@v1.0.0 is affected by GHSA-2222-3333-4444 (high: token leak in logs); moved to v1.0.1, the first release of v1 that fixes GHSA-2222-3333-4444 (${V.v101})`,
        fixed: true,
      },
    ]);
  });

  test('an existing pin and a major tag are judged by the version their commit carries', async () => {
    const src = wf(
      `      - uses: octo/deploy@${V.v100} # v1.0.0`,
      `      - uses: octo/deploy@${V.v100}`,
      '      - uses: octo/deploy@v1 # the deploy step',
    );
    const r = await runHarden({ [WF]: src }, { rules, resolver: resolver() });
    expect(r.files[WF]).toBe(
      wf(
        `      - uses: octo/deploy@${V.v101} # v1.0.1`,
        `      - uses: octo/deploy@${V.v101} # v1.0.1`,
        `      - uses: octo/deploy@${V.v101} # v1.0.1 # the deploy step`,
      ),
    );
    expect(r.file(WF).findings.map((f) => [f.rule, f.line, f.fixed])).toEqual([
      ['known-vulnerable-actions', 6, true],
      ['known-vulnerable-actions', 7, true],
      ['known-vulnerable-actions', 8, true],
    ]);
    expect(r.file(WF).findings[2]!.message).toMatch(/^octo\/deploy@v1 \(v1\.0\.0\) is affected/);
  });

  test('follows chained advisories to a release no range contains', async () => {
    const refs: ActionRefsFile = {
      'octo/deploy': {
        ...REFS['octo/deploy']!,
        advisories: [
          ...REFS['octo/deploy']!.advisories!,
          {
            ghsaId: 'GHSA-3333-4444-5555',
            severity: 'medium',
            vulnerableRange: '>= 1.0.1, < 1.1.0',
            firstPatched: 'v1.1.0',
          },
        ],
      },
    };
    const r = await runHarden(
      { [WF]: wf('      - uses: octo/deploy@v1.0.0') },
      { rules, resolver: staticActionResolver(refs) },
    );
    expect(r.files[WF]).toBe(wf(`      - uses: octo/deploy@${V.v110} # v1.1.0`));
    expect(r.file(WF).findings[0]).toMatchObject({
      severity: 'high',
      message: expect.stringContaining('moved to v1.1.0'),
    });
  });

  test('no fixed release in the major: reported critical or high, and pinning still pins what runs', async () => {
    const r = await runHarden({ [WF]: wf('      - uses: octo/deploy@v2.0.0') }, { rules, resolver: resolver() });
    expect(r.files[WF]).toBe(wf(`      - uses: octo/deploy@${V.v200} # v2.0.0`));
    const [vuln, pin] = r.file(WF).findings;
    expect(vuln).toMatchObject({
      rule: 'known-vulnerable-actions',
      severity: 'critical',
      fixed: false,
      message:
        'octo/deploy@v2.0.0 is affected by GHSA-cccc-ffff-gggg (critical: command injection), and no release of v2 fixes it; fixed in 3.0.0; upgrade by hand',
      help: expect.stringContaining('new major version'),
    });
    expect(pin).toMatchObject({ rule: 'pin-actions', fixed: true });
    const none = staticActionResolver({
      'octo/deploy': {
        ...REFS['octo/deploy']!,
        advisories: [{ ghsaId: 'GHSA-2222-3333-4444', severity: 'low', vulnerableRange: '< 9', firstPatched: null }],
      },
    });
    const r2 = await runHarden(
      { [WF]: wf('      - uses: octo/deploy@v1.1.0') },
      { rules: [knownVulnerableActions], resolver: none },
    );
    expect(r2.file(WF).findings[0]).toMatchObject({
      severity: 'high',
      message: expect.stringContaining('no fixed release yet'),
    });
  });

  test('safe versions, branches and bare majors are left alone; so is an action without advisories', async () => {
    const refs: ActionRefsFile = {
      ...REFS,
      'octo/majors': {
        tags: { v1: V.v100 },
        advisories: [
          { ghsaId: 'GHSA-2222-3333-4444', severity: 'high', vulnerableRange: '< 2', firstPatched: '2.0.0' },
        ],
      },
    };
    const src = wf(
      '      - uses: octo/deploy@v1.0.1',
      '      - uses: octo/deploy@main',
      '      - uses: octo/majors@v1',
      '      - uses: actions/checkout@v4',
    );
    const r = await runHarden({ [WF]: src }, { rules: [knownVulnerableActions], resolver: staticActionResolver(refs) });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([]);
  });

  test('an exempt action or pinning turned off gets the fixed tag, not a SHA', async () => {
    const exempt = await runHarden(
      { [WF]: wf('      - uses: octo/deploy@v1.0.0') },
      { rules, resolver: resolver(), options: { pinActions: { exempt: ['octo/*'] } } },
    );
    expect(exempt.files[WF]).toBe(wf('      - uses: octo/deploy@v1.0.1'));
    const off = await runHarden(
      { [WF]: wf('      - uses: octo/deploy@v1.0.0') },
      { rules, resolver: resolver(), options: { rules: { 'pin-actions': false } } },
    );
    expect(off.files[WF]).toBe(wf('      - uses: octo/deploy@v1.0.1'));
    expect(off.file(WF).findings[0]!.message).not.toContain(V.v101);
  });

  test('keeps quoting and CRLF; works in composite actions and reusable workflow calls', async () => {
    const src = wf("      - uses: 'octo/deploy@v1.0.0'   # deploy").replace(/\n/g, '\r\n');
    const r = await runHarden({ [WF]: src }, { rules, resolver: resolver() });
    expect(r.files[WF]).toBe(wf(`      - uses: 'octo/deploy@${V.v101}'   # v1.0.1 # deploy`).replace(/\n/g, '\r\n'));
    const action = yaml('runs:', '  using: composite', '  steps:', '    - uses: octo/deploy/sub@v1.0.0');
    const call = yaml('on: push', 'jobs:', '  call:', '    uses: octo/deploy/.github/workflows/release.yml@v1.0.0');
    const r2 = await runHarden({ 'tools/action.yml': action, [WF]: call }, { rules, resolver: resolver() });
    expect(r2.files['tools/action.yml']).toContain(`    - uses: octo/deploy/sub@${V.v101} # v1.0.1\n`);
    expect(r2.files[WF]).toContain(`    uses: octo/deploy/.github/workflows/release.yml@${V.v101} # v1.0.1\n`);
  });

  test('an advisory naming an action in a subdirectory applies to that action only', async () => {
    const refs: ActionRefsFile = {
      'octo/deploy': {
        ...REFS['octo/deploy']!,
        advisories: [{ ...REFS['octo/deploy']!.advisories![0]!, package: 'octo/deploy/sub' }],
      },
    };
    const r = await runHarden(
      { [WF]: wf('      - uses: octo/deploy/sub@v1.0.0', '      - uses: octo/deploy/other@v1.0.0') },
      { rules: [knownVulnerableActions], resolver: staticActionResolver(refs) },
    );
    expect(r.file(WF).findings.map((f) => f.line)).toEqual([6]);
  });

  test('flow style, an anchor, or a fix that is no tag: reported with the release to move to', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps: [{uses: octo/deploy@v1.0.0}]',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: &d octo/deploy@v1.0.0',
      '      - uses: *d',
    );
    const r = await runHarden({ [WF]: src }, { rules: [knownVulnerableActions], resolver: resolver() });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings.map((f) => [f.line, f.fixed, f.message.replace(/^.*by hand: /, '')])).toEqual([
      [5, false, 'it is written in flow style, where the version comment cannot go'],
      [9, false, 'it carries an anchor that other nodes alias'],
    ]);
    const refs: ActionRefsFile = {
      'octo/deploy': {
        ...REFS['octo/deploy']!,
        advisories: [{ ...REFS['octo/deploy']!.advisories![0]!, firstPatched: '1.0.9' }],
      },
    };
    const missing = await runHarden(
      { [WF]: wf('      - uses: octo/deploy@v1.0.0') },
      { rules: [knownVulnerableActions], resolver: staticActionResolver(refs) },
    );
    expect(missing.file(WF).findings[0]!.message).toMatch(/its fix 1\.0\.9 is not a tag of octo\/deploy/);
  });

  test('an ignore comment leaves the vulnerable release to pin-actions, which pins it as written', async () => {
    for (const comment of [
      '# rampart: ignore[known-vulnerable-actions]',
      '# zizmor: ignore[known-vulnerable-actions]',
    ]) {
      const r = await runHarden(
        { [WF]: wf(`      - uses: octo/deploy@v1.0.0 ${comment}`) },
        { rules, resolver: resolver() },
      );
      expect(r.files[WF]).toBe(wf(`      - uses: octo/deploy@${V.v100} # v1.0.0 ${comment}`));
      expect(r.report.summary.byRule['known-vulnerable-actions']).toEqual({ fixed: 0, reported: 0, suppressed: 1 });
    }
  });

  test('is idempotent, and silent without an advisory database; an unreadable one is said once per file', async () => {
    const first = await runHarden(
      { [WF]: wf('      - uses: octo/deploy@v1.0.0', '      - uses: octo/deploy@v1.0.0') },
      { rules, resolver: resolver() },
    );
    const second = await runHarden({ [WF]: first.files[WF]! }, { rules, resolver: resolver() });
    expect(second.changed).toEqual([]);
    expect(second.file(WF).findings).toEqual([]);
    const base = resolver();
    const without: ActionResolver = { ...base, advisories: undefined };
    const silent = await runHarden(
      { [WF]: wf('      - uses: octo/deploy@v1.0.0') },
      { rules: [knownVulnerableActions], resolver: without },
    );
    expect(silent.file(WF).findings).toEqual([]);
    const down: ActionResolver = {
      ...base,
      advisories: () => Promise.reject(new ResolveError('unavailable', 'GitHub is unreachable')),
    };
    const r = await runHarden(
      { [WF]: wf('      - uses: octo/deploy@v1.0.0', '      - uses: actions/checkout@v4') },
      { rules: [knownVulnerableActions], resolver: down },
    );
    expect(r.file(WF).findings).toEqual([
      expect.objectContaining({
        line: 1,
        severity: 'info',
        message: 'advisories could not be checked (GitHub is unreachable)',
      }),
    ]);
  });
});

describe('advisory version ranges', () => {
  const v = (s: string) => parseVersion(s)!;
  test('read GitHub’s range syntax', () => {
    expect(inRange(v('v1.0.0'), '>= 1.0.0, < 1.0.1')).toBe(true);
    expect(inRange(v('1.0.1'), '>= 1.0.0, < 1.0.1')).toBe(false);
    expect(inRange(v('v2.3'), '<= 2.3.0')).toBe(true);
    expect(inRange(v('4.0.0'), '= 4.0.0')).toBe(true);
    expect(inRange(v('4.0.0'), '4.0.0')).toBe(true);
    expect(inRange(v('4.0.1'), '> 4.0.0')).toBe(true);
    expect(inRange(v('1.0.0'), 'whatever')).toBeUndefined();
    expect(inRange(v('1.0.0'), '')).toBeUndefined();
  });

  test('compare like SemVer: missing parts are zero, pre-releases come first', () => {
    expect(compareVersions(v('1.2'), v('1.2.0'))).toBe(0);
    expect(compareVersions(v('1.2.0-rc.1'), v('1.2.0'))).toBe(-1);
    expect(compareVersions(v('1.2.0-rc.2'), v('1.2.0-rc.10'))).toBe(-1);
    expect(compareVersions(v('1.10.0'), v('1.9.9'))).toBe(1);
    expect(parseVersion('latest')).toBeUndefined();
  });

  test('the target is the first release past every range in the way, within the major', () => {
    const adv = (vulnerableRange: string, firstPatched: string | null): ActionAdvisory => ({
      ghsaId: 'GHSA-2222-3333-4444',
      severity: 'high',
      summary: '',
      url: '',
      package: 'o/r',
      vulnerableRange,
      firstPatched,
    });
    expect(patchedTarget(v('1.0.0'), [adv('< 1.0.2', '1.0.2'), adv('< 1.0.1', '1.0.1')])).toMatchObject({
      kind: 'fix',
      target: '1.0.2',
    });
    expect(patchedTarget(v('1.5.0'), [adv('< 1.0.2', '1.0.2')])).toEqual({ kind: 'safe' });
    expect(patchedTarget(v('1.0.0'), [adv('< 2.0.0', '2.0.0')])).toMatchObject({
      kind: 'no-patch',
      elsewhere: ['2.0.0'],
    });
    expect(patchedTarget(v('1.0.0'), [adv('< 1.1.0', '1.1.0'), adv('>= 1.1.0, < 2', null)])).toMatchObject({
      kind: 'no-patch',
      elsewhere: [],
    });
  });
});
