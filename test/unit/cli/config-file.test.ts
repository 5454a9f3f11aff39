import { readFileSync } from 'node:fs';
import { matchesActionGlob, matchesPathGlob } from '../../../src/harden/config-file/action-glob.js';
import { mergeHardenOptions } from '../../../src/harden/config-file/merge-options.js';
import { parseConfigFile } from '../../../src/harden/config-file/parse-config-file.js';
import { resolveHardenOptions } from '../../../src/harden/options.js';
import { runHarden, SHA, yaml } from '../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';

describe('.github/rampart.yml', () => {
  test('every setting maps onto the engine options, the paths to skip and the gate', () => {
    const parsed = parseConfigFile(
      yaml(
        'version: 1',
        'rules:',
        '  secrets-inherit: false',
        '  pin-actions:',
        '    pin-branches: false',
        '    exempt: [my-org/*]',
        '  harden-runner:',
        '    egress-policy: block',
        '    action: step-security/harden-runner@v2.12.0',
        '    include-self-hosted: true',
        '    linux-labels: [big-runner]',
        '  dependabot-actions:',
        '    enabled: true',
        '    interval: daily',
        '    cooldown-days: 3',
        'trusted-owners: [actions]',
        'paths-ignore: [.github/workflows/legacy-*.yml]',
        'fail-on: medium',
      ),
    );
    expect(parsed).toEqual({
      ok: true,
      config: {
        options: {
          rules: { 'secrets-inherit': false, 'dependabot-actions': true },
          pinActions: { pinBranches: false, exempt: ['my-org/*', 'actions/*'] },
          hardenRunner: {
            egressPolicy: 'block',
            action: 'step-security/harden-runner@v2.12.0',
            includeSelfHosted: true,
            linuxLabels: ['big-runner'],
          },
          dependabot: { interval: 'daily', cooldownDays: 3 },
        },
        pathsIgnore: ['.github/workflows/legacy-*.yml'],
        failOn: 'medium',
      },
    });
    // The engine accepts what the file produced.
    if (parsed.ok)
      expect(resolveHardenOptions(parsed.config.options).pinActions.exempt).toEqual(['my-org/*', 'actions/*']);
  });

  test('an empty file changes nothing', () => {
    expect(parseConfigFile('')).toEqual({ ok: true, config: { options: {}, pathsIgnore: [] } });
    expect(parseConfigFile('# nothing yet\n')).toEqual({ ok: true, config: { options: {}, pathsIgnore: [] } });
  });

  test.each([
    ['rules:\n  harden-runner:\n    egress-policy: deny\n', 3, 'rules.harden-runner'],
    ['rules:\n  no-such-rule: true\n', 2, 'rules: Unrecognized key: "no-such-rule"'],
    ['fail-on: severe\n', 1, 'fail-on:'],
    ['trusted-owners: ["my org"]\n', 1, 'trusted-owners.0: an owner is a GitHub user or organisation login'],
    ['rules:\n  pin-actions:\n    exempt: ["actions/checkout@v4"]\n', 3, 'without @ref'],
    ['rules: [pin-actions]\n', 1, 'rules:'],
    ['rules:\n  pin-actions: true\n  pin-actions: false\n', 3, 'invalid YAML'],
    ['colour: always\n', 1, 'Unrecognized key: "colour"'],
  ])('a bad file is refused with its line and setting: %j', (text, line, words) => {
    const parsed = parseConfigFile(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toMatch(new RegExp(`^\\.github/rampart\\.yml:${line}: `));
      expect(parsed.error).toContain(words);
    }
  });

  test('flags override the file, and lists of exempt actions and runner labels add up', () => {
    const merged = mergeHardenOptions(
      {
        rules: { 'harden-runner': false, 'secrets-inherit': false },
        pinActions: { exempt: ['a/*'], pinBranches: false },
        hardenRunner: { linuxLabels: ['x'], egressPolicy: 'audit' },
      },
      {
        rules: { 'harden-runner': true },
        pinActions: { exempt: ['b/c'] },
        hardenRunner: { linuxLabels: ['y', 'x'], egressPolicy: 'block' },
        dependabot: { interval: 'monthly' },
      },
    );
    expect(merged).toEqual({
      rules: { 'harden-runner': true, 'secrets-inherit': false },
      pinActions: { exempt: ['a/*', 'b/c'], pinBranches: false },
      hardenRunner: { linuxLabels: ['x', 'y'], egressPolicy: 'block' },
      dependabot: { interval: 'monthly' },
    });
  });

  test('action globs match the repository or the whole action, case-insensitively; path globs cross folders with **', () => {
    expect(matchesActionGlob('my-org/*', 'My-Org/tools/lint')).toBe(true);
    expect(matchesActionGlob('my-org/tools', 'my-org/tools/lint')).toBe(true);
    expect(matchesActionGlob('my-org/tools/*', 'my-org/tools')).toBe(false);
    expect(matchesActionGlob('actions/setup-*', 'actions/setup-node')).toBe(true);
    expect(matchesActionGlob('actions/setup-*', 'actions/checkout')).toBe(false);
    expect(matchesActionGlob('**', 'anyone/anything/deep/path')).toBe(true);
    expect(matchesPathGlob('.github/workflows/legacy-*.yml', '.github/workflows/legacy-build.yml')).toBe(true);
    expect(matchesPathGlob('.github/workflows/legacy-*.yml', '.github/workflows/nested/legacy-build.yml')).toBe(false);
    expect(matchesPathGlob('**/action.yml', 'action.yml')).toBe(true);
    expect(matchesPathGlob('vendor/**', 'vendor/x/action.yml')).toBe(true);
  });

  test('exempt actions keep their tag, and the rest are still pinned', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@v4',
    );
    const r = await runHarden(
      { [WF]: src },
      { options: { rules: { 'pin-actions': true }, pinActions: { exempt: ['actions/setup-*'] } } },
    );
    expect(r.files[WF]).toContain(`uses: actions/checkout@${SHA.checkoutV4} # v4.2.2`);
    expect(r.files[WF]).toContain('uses: actions/setup-node@v4\n');
    expect(
      r
        .file(WF)
        .findings.filter((f) => f.rule === 'pin-actions')
        .map((f) => f.line),
    ).toEqual([6]);
  });

  test('the example in docs/configuration.md is a valid file', () => {
    const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    const example = /```yaml\n# \.github\/rampart\.yml\n([\s\S]*?)```/.exec(doc);
    expect(example).not.toBeNull();
    expect(parseConfigFile(example![1]!)).toMatchObject({ ok: true });
  });
});
