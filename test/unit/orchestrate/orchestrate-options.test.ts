import { branchNameProblem } from '../../../src/orchestrate/git-ref-name.js';
import {
  egressApplied,
  engineOptions,
  orchestrateOptionsSchema,
  resolveOrchestrateOptions,
  runOptionsProblem,
} from '../../../src/orchestrate/orchestrate-options.js';

describe('branch names (git check-ref-format)', () => {
  test.each(['rampart/harden-workflows', 'harden', 'a/b/c', 'fix-1.2', 'user@host'])('%s is valid', (name) => {
    expect(branchNameProblem(name)).toBeNull();
  });
  test.each([
    ['', /empty/],
    ['-x', /starts with "-"/],
    ['refs/heads/x', /full ref/],
    ['a..b', /"\.\."/],
    ['a b', /space/],
    ['a~b', /~/],
    ['a:b', /:/],
    ['a@{1}', /"@\{"/],
    ['a//b', /"\/\/"/],
    ['/a', /starts or ends with "\/"/],
    ['a/', /starts or ends with "\/"/],
    ['a.', /ends with "\."/],
    ['a/.b', /starting with "\."/],
    ['a/b.lock', /\.lock/],
    ['@', /"@"/],
  ])('%j is refused: %s', (name, problem) => {
    expect(branchNameProblem(name)).toMatch(problem);
  });
});

describe('orchestrateOptionsSchema', () => {
  test('defaults', () => {
    const o = orchestrateOptionsSchema.parse({});
    expect(o).toMatchObject({
      branch: 'rampart/harden-workflows',
      pr_title: 'Harden GitHub Actions workflows',
      draft: false,
    });
    expect(o.harden.hardenRunner.egressPolicy).toBe('audit');
  });
  test("the engine's own schema validates the harden part", () => {
    expect(orchestrateOptionsSchema.safeParse({ harden: { rules: { 'no-such-rule': true } } }).success).toBe(false);
    expect(orchestrateOptionsSchema.safeParse({ harden: { hardenRunner: { egressPolicy: 'deny' } } }).success).toBe(
      false,
    );
    const parsed = orchestrateOptionsSchema.parse({
      harden: { rules: { 'pin-actions': false }, hardenRunner: { egressPolicy: 'block' } },
      allowed_endpoints: ['github.com:443'],
    });
    expect(parsed.harden.rules['pin-actions']).toBe(false);
  });
  test('findings go to the pull request body by default; none and issue are the other choices', () => {
    expect(orchestrateOptionsSchema.parse({}).report_findings).toBe('pull-request');
    expect(orchestrateOptionsSchema.parse({ report_findings: 'issue' }).report_findings).toBe('issue');
    expect(orchestrateOptionsSchema.safeParse({ report_findings: 'comment' }).success).toBe(false);
  });
});

describe('egress-policy block and allowed_endpoints', () => {
  test('block without endpoints is refused with a sentence saying what to do', () => {
    const parsed = orchestrateOptionsSchema.safeParse({ harden: { hardenRunner: { egressPolicy: 'block' } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({
        path: ['allowed_endpoints'],
        message: expect.stringMatching(/^egress-policy block needs allowed_endpoints: .*github\.com:443/),
      }),
    ]);
    // With harden-runner turned off there is nothing to block.
    expect(
      orchestrateOptionsSchema.safeParse({
        harden: { rules: { 'harden-runner': false }, hardenRunner: { egressPolicy: 'block' } },
      }).success,
    ).toBe(true);
  });

  test.each(['github.com:443', '*.blob.core.windows.net:443', 'registry-1.docker.io:443', 'localhost:8080'])(
    '%s is a valid endpoint',
    (e) => {
      expect(orchestrateOptionsSchema.safeParse({ allowed_endpoints: [e] }).success).toBe(true);
    },
  );
  test.each([
    'github.com',
    'https://github.com:443',
    'github.com:0',
    'github.com:70000',
    'a b:443',
    '*:443',
    'x.*.com:443',
    '-x.com:443',
  ])('%j is refused', (e) => {
    expect(orchestrateOptionsSchema.safeParse({ allowed_endpoints: [e] }).success).toBe(false);
  });

  test('the engine gets the endpoints, and audit where block has none (options saved before the rule)', () => {
    const block = resolveOrchestrateOptions({
      harden: { hardenRunner: { egressPolicy: 'block' } },
      allowed_endpoints: ['github.com:443', 'api.github.com:443'],
    });
    expect(engineOptions(block).hardenRunner).toMatchObject({
      egressPolicy: 'block',
      allowedEndpoints: ['github.com:443', 'api.github.com:443'],
    });
    const legacy = resolveOrchestrateOptions({ harden: { hardenRunner: { egressPolicy: 'block' } }, pr_title: 'Kept' });
    expect(legacy.pr_title).toBe('Kept');
    expect(egressApplied(legacy)).toBe('audit');
    expect(engineOptions(legacy).hardenRunner.egressPolicy).toBe('audit');
  });

  test("a run's overrides are checked over the saved options", () => {
    expect(
      runOptionsProblem(
        { allowed_endpoints: ['github.com:443'] },
        { harden: { hardenRunner: { egressPolicy: 'block' } } },
      ),
    ).toBeNull();
    expect(runOptionsProblem({}, { harden: { hardenRunner: { egressPolicy: 'block' } } })).toMatch(
      /needs allowed_endpoints/,
    );
    expect(runOptionsProblem(null, undefined)).toBeNull();
  });
});

describe('the PR title and the branch are plain one-line text', () => {
  test.each([
    ['Harden\nCo-authored-by: Mallory <mallory@example.com>', /must be one line/],
    ['Harden\r\nSigned-off-by: x', /must be one line/],
    ['Harden\u2029x', /must be one line/],
    ['Harden \u202Ekrow', /bidirectional control characters \(it contains U\+202E\)/],
    ['Harden\u0000', /control characters \(it contains U\+0000\)/],
  ])('pr_title %j is refused', (title, message) => {
    const parsed = orchestrateOptionsSchema.safeParse({ pr_title: title });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join('; ')).toMatch(message);
  });

  test.each([
    ['rampart/\u202Eexe', /bidirectional control characters/],
    ['rampart/\u2066x\u2069', /bidirectional control characters \(it contains U\+2066\)/],
    ['rampart/\u200Fx', /bidirectional control characters \(it contains U\+200F\)/],
    ['rampart/a\tb', /control characters \(it contains U\+0009\)/],
  ])('branch %j is refused', (branch, message) => {
    const parsed = orchestrateOptionsSchema.safeParse({ branch });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join('; ')).toMatch(message);
  });

  test('a stored title that became invalid falls back to the defaults instead of reaching a commit', () => {
    expect(resolveOrchestrateOptions({ pr_title: 'x\nCo-authored-by: m <m@example.com>' }).pr_title).toBe(
      'Harden GitHub Actions workflows',
    );
    expect(resolveOrchestrateOptions({ pr_title: '  Härden — ok  ' }).pr_title).toBe('Härden — ok');
  });
});
