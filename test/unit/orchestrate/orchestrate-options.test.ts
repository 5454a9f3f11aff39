import { branchNameProblem } from '../../../src/orchestrate/git-ref-name.js';
import { orchestrateOptionsSchema } from '../../../src/orchestrate/orchestrate-options.js';

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
