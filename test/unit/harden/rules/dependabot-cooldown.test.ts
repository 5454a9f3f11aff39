import { dependabotActions } from '../../../../src/harden/rules/dependabot-actions/dependabot-actions.js';
import { dependabotCooldown } from '../../../../src/harden/rules/dependabot-cooldown/dependabot-cooldown.js';
import type { HardenOptionsInput } from '../../../../src/harden/options.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const DB = '.github/dependabot.yml';
const rules = [dependabotCooldown];

async function run(src: string, options?: HardenOptionsInput) {
  const r = await runHarden({ [DB]: src }, { rules, ...(options ? { options } : {}) });
  return { text: r.files[DB]!, findings: r.file(DB).findings, report: r.report };
}

describe('dependabot-cooldown', () => {
  test("zizmor's cases: missing, without default-days, too short; enough is left alone", async () => {
    const src = yaml(
      'version: 2',
      '',
      'updates:',
      '  - package-ecosystem: pip',
      '    directory: /',
      '    schedule:',
      '      interval: daily',
      '    insecure-external-code-execution: deny',
      '',
      '  - package-ecosystem: npm # the app',
      '    directory: /',
      '    cooldown:',
      '      semver-major-days: 30',
      '    schedule:',
      '      interval: weekly',
      '',
      '  - package-ecosystem: github-actions',
      '    directory: /',
      '    cooldown:',
      '      default-days: 2',
      '',
      '  - package-ecosystem: docker',
      '    directory: /',
      '    cooldown:',
      '      default-days: 10',
    );
    const r = await run(src);
    expect(r.text).toBe(
      yaml(
        'version: 2',
        '',
        'updates:',
        '  - package-ecosystem: pip',
        '    directory: /',
        '    schedule:',
        '      interval: daily',
        '    insecure-external-code-execution: deny',
        '    cooldown:',
        '      default-days: 7',
        '',
        '  - package-ecosystem: npm # the app',
        '    directory: /',
        '    cooldown:',
        '      default-days: 7',
        '      semver-major-days: 30',
        '    schedule:',
        '      interval: weekly',
        '',
        '  - package-ecosystem: github-actions',
        '    directory: /',
        '    cooldown:',
        '      default-days: 7',
        '',
        '  - package-ecosystem: docker',
        '    directory: /',
        '    cooldown:',
        '      default-days: 10',
      ),
    );
    expect(r.findings.map((f) => [f.line, f.severity, f.confidence, f.fixed, f.message])).toEqual([
      [
        4,
        'medium',
        'high',
        true,
        'the pip updater has no cooldown, so Dependabot proposes releases as soon as they are published; added a cooldown of 7 days',
      ],
      [
        10,
        'medium',
        'high',
        true,
        "the npm updater's cooldown has no default-days, which leaves most updates without one; added default-days: 7",
      ],
      [17, 'low', 'medium', true, "the github-actions updater's cooldown is 2 days, less than 7; raised to 7"],
    ]);
  });

  test('the days come from the dependabot.cooldownDays option; 0 reports instead', async () => {
    const src = yaml(
      'version: 2',
      'updates:',
      '- package-ecosystem: npm',
      '  directory: /',
      '  schedule: {interval: daily}',
    );
    const fourteen = await run(src, { dependabot: { cooldownDays: 14 } });
    expect(fourteen.text).toBe(
      yaml(
        'version: 2',
        'updates:',
        '- package-ecosystem: npm',
        '  directory: /',
        '  schedule: {interval: daily}',
        '  cooldown:',
        '    default-days: 14',
      ),
    );
    const off = await run(src, { dependabot: { cooldownDays: 0 } });
    expect(off.text).toBe(src);
    expect(off.findings).toEqual([
      expect.objectContaining({
        line: 3,
        fixed: false,
        message: expect.stringContaining('not changed: the `dependabot.cooldownDays` option is 0'),
      }),
    ]);
  });

  test('flow style, four-space indentation, comments and CRLF', async () => {
    const src = yaml(
      'version: 2',
      'updates:',
      '    - package-ecosystem: "npm"',
      '      directory: "/"',
      '      schedule:',
      '          interval: "daily" # early',
      '    - {package-ecosystem: pip, directory: /, schedule: {interval: daily}}',
      '    - package-ecosystem: gomod',
      '      directory: /',
      '      cooldown: {}',
      '    - package-ecosystem: cargo',
      '      directory: /',
      '      cooldown: {semver-major-days: 30}',
    ).replace(/\n/g, '\r\n');
    const r = await run(src);
    expect(r.text).toBe(
      yaml(
        'version: 2',
        'updates:',
        '    - package-ecosystem: "npm"',
        '      directory: "/"',
        '      schedule:',
        '          interval: "daily" # early',
        '      cooldown:',
        '          default-days: 7',
        '    - {package-ecosystem: pip, directory: /, schedule: {interval: daily}, cooldown: { default-days: 7 }}',
        '    - package-ecosystem: gomod',
        '      directory: /',
        '      cooldown: { default-days: 7 }',
        '    - package-ecosystem: cargo',
        '      directory: /',
        '      cooldown: {default-days: 7, semver-major-days: 30}',
      ).replace(/\n/g, '\r\n'),
    );
  });

  test('a cooldown shared through an anchor is read, and reported instead of edited', async () => {
    const src = yaml(
      'version: 2',
      'updates:',
      '  - &npm',
      '    package-ecosystem: npm',
      '    directory: /',
      '    schedule: {interval: daily}',
      '  - package-ecosystem: pip',
      '    directory: /',
      '    cooldown: &short',
      '      default-days: 1',
      '  - <<: *npm',
      '    directory: /web',
      '  - package-ecosystem: bundler',
      '    directory: /',
      '    cooldown: *short',
    );
    const r = await run(src);
    // The entry that merges another gets a cooldown of its own; the ones other entries share are left to a person.
    expect(r.text).toBe(
      src.replace('    directory: /web\n', '    directory: /web\n    cooldown:\n      default-days: 7\n'),
    );
    expect(r.findings.map((f) => [f.line, f.fixed, f.message.replace(/.*(not changed|; added)/, '$1')])).toEqual([
      [4, false, 'not changed: the entry carries an anchor that other nodes alias'],
      [7, false, 'not changed: its cooldown is shared through an anchor'],
      [11, true, '; added a cooldown of 7 days'],
      [13, false, 'not changed: its cooldown is shared through an anchor'],
    ]);
  });

  test('next to dependabot-actions appending an updater, both edits land in their own entries', async () => {
    const wf = yaml(
      'on: push',
      'jobs:',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
    );
    const src = yaml(
      'version: 2',
      'updates:',
      '  - package-ecosystem: npm',
      '    directory: /',
      '    schedule:',
      '      interval: daily',
    );
    const r = await runHarden(
      { '.github/workflows/ci.yml': wf, [DB]: src },
      { rules: [dependabotActions, dependabotCooldown] },
    );
    expect(r.files[DB]).toBe(
      yaml(
        'version: 2',
        'updates:',
        '  - package-ecosystem: npm',
        '    directory: /',
        '    schedule:',
        '      interval: daily',
        '    cooldown:',
        '      default-days: 7',
        '  - package-ecosystem: "github-actions"',
        '    directory: "/"',
        '    schedule:',
        '      interval: "weekly"',
        '    cooldown:',
        '      default-days: 7',
      ),
    );
    expect(r.file(DB).findings.map((f) => [f.rule, f.fixed])).toEqual([
      ['dependabot-cooldown', true],
      ['dependabot-actions', true],
    ]);
  });

  test('an ignore comment on the entry leaves it; running again changes nothing', async () => {
    const src = yaml(
      'version: 2',
      'updates:',
      '  - package-ecosystem: npm # zizmor: ignore[dependabot-cooldown]',
      '    directory: /',
      '  - package-ecosystem: pip',
      '    directory: /',
    );
    const once = await run(src);
    expect(once.report.summary.byRule['dependabot-cooldown']).toEqual({ fixed: 1, reported: 0, suppressed: 1 });
    const twice = await run(once.text);
    expect(twice.text).toBe(once.text);
    expect(twice.report.summary.byRule['dependabot-cooldown']).toEqual({ fixed: 0, reported: 0, suppressed: 1 });
  });
});
