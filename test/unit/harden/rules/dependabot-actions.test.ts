import { dependabotActions } from '../../../../src/harden/rules/dependabot-actions/dependabot-actions.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const rules = [dependabotActions];
const WF = yaml(
  'on: push',
  'jobs:',
  '  b:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
);
const COMPOSITE = yaml('runs:', '  using: composite', '  steps:', '    - uses: actions/setup-node@v4');

describe('dependabot-actions', () => {
  test('creates .github/dependabot.yml with a github-actions updater and a cooldown', async () => {
    const r = await runHarden({ '.github/workflows/ci.yml': WF }, { rules });
    expect(r.changed).toEqual(['.github/dependabot.yml']);
    expect(r.files['.github/dependabot.yml']).toBe(
      yaml(
        '# Dependabot keeps the SHA-pinned actions in this repository current.',
        'version: 2',
        'updates:',
        '  - package-ecosystem: "github-actions"',
        '    directory: "/"',
        '    schedule:',
        '      interval: "weekly"',
        '    cooldown:',
        '      default-days: 7',
      ),
    );
    expect(r.file('.github/dependabot.yml')).toMatchObject({ status: 'changed', created: true });
  });

  test('lists composite action directories too', async () => {
    const r = await runHarden(
      { '.github/workflows/ci.yml': WF, '.github/actions/setup/action.yml': COMPOSITE },
      { rules },
    );
    expect(r.files['.github/dependabot.yml']).toContain(
      '    directories:\n      - "/"\n      - "/.github/actions/setup"\n',
    );
  });

  test('appends to an existing updates list, keeping its comments and indentation', async () => {
    const existing = yaml(
      'version: 2',
      'updates:',
      '    # npm first',
      '    -   package-ecosystem: npm',
      '        directory: /',
      '        schedule:',
      '            interval: daily',
      '',
      '# trailing note',
    );
    const r = await runHarden(
      { '.github/workflows/ci.yml': WF, '.github/dependabot.yml': existing },
      { rules, options: { dependabot: { interval: 'daily', cooldownDays: 0 } } },
    );
    expect(r.files['.github/dependabot.yml']).toBe(
      yaml(
        'version: 2',
        'updates:',
        '    # npm first',
        '    -   package-ecosystem: npm',
        '        directory: /',
        '        schedule:',
        '            interval: daily',
        '    -   package-ecosystem: "github-actions"',
        '        directory: "/"',
        '        schedule:',
        '          interval: "daily"',
        '',
        '# trailing note',
      ),
    );
  });

  test('an existing github-actions updater is not duplicated; nothing to update means no file', async () => {
    const existing = yaml(
      'version: 2',
      'updates:',
      '  - package-ecosystem: github-actions',
      '    directory: /',
      '    schedule: {interval: weekly}',
    );
    const r = await runHarden({ '.github/workflows/ci.yml': WF, '.github/dependabot.yaml': existing }, { rules });
    expect(r.changed).toEqual([]);
    const none = await runHarden(
      {
        '.github/workflows/ci.yml': yaml(
          'on: push',
          'jobs:',
          '  b:',
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      - run: make',
        ),
      },
      { rules },
    );
    expect(none.changed).toEqual([]);
  });

  test('an ignore comment on updates: leaves the file as it is; the created file is a fix at its start', async () => {
    const existing = yaml(
      'version: 2',
      'updates: # rampart: ignore[dependabot-actions]',
      '  - package-ecosystem: npm',
      '    directory: /',
      '    schedule:',
      '      interval: daily',
    );
    const r = await runHarden({ '.github/workflows/ci.yml': WF, '.github/dependabot.yml': existing }, { rules });
    expect(r.changed).toEqual([]);
    expect(r.report.summary).toMatchObject({ fixed: 0, suppressed: 1 });
    const created = await runHarden({ '.github/workflows/ci.yml': WF }, { rules });
    expect(created.file('.github/dependabot.yml').findings).toEqual([
      expect.objectContaining({
        rule: 'dependabot-actions',
        severity: 'low',
        path: '.github/dependabot.yml',
        line: 1,
        column: 1,
        fixed: true,
      }),
    ]);
  });

  test('a flow-style updates list is reported, not edited', async () => {
    const r = await runHarden(
      {
        '.github/workflows/ci.yml': WF,
        '.github/dependabot.yml':
          'version: 2\nupdates: [{package-ecosystem: npm, directory: /, schedule: {interval: daily}}]\n',
      },
      { rules },
    );
    expect(r.changed).toEqual([]);
    expect(r.file('.github/dependabot.yml').findings[0]).toMatchObject({
      line: 2,
      column: 1,
      message: expect.stringMatching(/flow style/),
      help: dependabotActions.help,
    });
  });

  test('is idempotent', async () => {
    const first = await runHarden({ '.github/workflows/ci.yml': WF }, { rules });
    const second = await runHarden(first.files, { rules });
    expect(second.changed).toEqual([]);
  });
});
