import { dependabotExecution } from '../../../../src/harden/rules/dependabot-execution/dependabot-execution.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const DB = '.github/dependabot.yml';
const rules = [dependabotExecution];

describe('dependabot-execution', () => {
  test("zizmor's cases: allow is reported on its line, in each updater; deny and omitted are not; nothing is changed", async () => {
    const src = yaml(
      'version: 2',
      '',
      'updates:',
      '  - package-ecosystem: pip',
      '    directory: /',
      '    schedule:',
      '      interval: daily',
      '    insecure-external-code-execution: allow',
      '',
      '  - package-ecosystem: npm',
      '    directory: /',
      '    schedule: {interval: weekly}',
      '    insecure-external-code-execution: "Allow" # needs postinstall',
      '  - package-ecosystem: bundler',
      '    directory: /',
      '    insecure-external-code-execution: deny',
      '  - {package-ecosystem: gomod, directory: /, insecure-external-code-execution: allow}',
      '  - package-ecosystem: cargo',
      '    directory: /',
    ).replace(/\n/g, '\r\n');
    const r = await runHarden({ [DB]: src }, { rules });
    expect(r.changed).toEqual([]);
    expect(r.file(DB).findings).toEqual([
      {
        rule: 'dependabot-execution',
        severity: 'high',
        confidence: 'high',
        path: DB,
        line: 8,
        column: 5,
        message:
          'the pip updater lets Dependabot run code from the dependencies it updates, with access to the registries it is given',
        fixed: false,
        help: dependabotExecution.help,
      },
      expect.objectContaining({ line: 13, message: expect.stringContaining('the npm updater') }),
      expect.objectContaining({ line: 17, column: 46, message: expect.stringContaining('the gomod updater') }),
    ]);
  });

  test('a zizmor ignore comment silences it', async () => {
    const src = yaml(
      'version: 2',
      'updates:',
      '  - package-ecosystem: pip',
      '    directory: /',
      '    insecure-external-code-execution: allow # zizmor: ignore[dependabot-execution]',
    );
    const r = await runHarden({ [DB]: src }, { rules });
    expect(r.file(DB).findings).toEqual([]);
    expect(r.file(DB).suppressed).toEqual({ 'dependabot-execution': 1 });
  });
});
