import { branchNameProblem } from '../../../src/orchestrate/git-ref-name.js';
import { orchestrateOptionsSchema, resolveOrchestrateOptions } from '../../../src/orchestrate/orchestrate-options.js';

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
    expect(o).toMatchObject({ branch: 'rampart/harden-workflows', pr_title: 'Harden GitHub Actions workflows', draft: false });
    expect(o.harden.hardenRunner.egressPolicy).toBe('audit');
  });
  test("the engine's own schema validates the harden part", () => {
    expect(orchestrateOptionsSchema.safeParse({ harden: { rules: { 'no-such-rule': true } } }).success).toBe(false);
    expect(orchestrateOptionsSchema.safeParse({ harden: { hardenRunner: { egressPolicy: 'deny' } } }).success).toBe(false);
    expect(orchestrateOptionsSchema.parse({ harden: { rules: { 'pin-actions': false }, hardenRunner: { egressPolicy: 'block' } } }).harden.rules['pin-actions']).toBe(false);
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
    expect(resolveOrchestrateOptions({ pr_title: 'x\nCo-authored-by: m <m@example.com>' }).pr_title).toBe('Harden GitHub Actions workflows');
    expect(resolveOrchestrateOptions({ pr_title: '  Härden — ok  ' }).pr_title).toBe('Härden — ok');
  });
});
