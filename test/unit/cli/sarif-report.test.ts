import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { harden } from '../../../src/harden/harden.js';
import { staticActionResolver } from '../../../src/harden/resolver/static-action-resolver.js';
import { RULES } from '../../../src/harden/rules/registry.js';
import type { ReportView } from '../../../src/cli/report/report-view.js';
import { renderSarif } from '../../../src/cli/report/sarif-report.js';
import { TEST_REFS, yaml } from '../../support/run-harden.js';

// ajv-formats is CommonJS: its function is the default export's default under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const WF = '.github/workflows/pwn request.yml';
const PWN = yaml(
  'on: pull_request_target',
  'jobs:',
  '  test:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '        with:',
  '          ref: ${{ github.event.pull_request.head.sha }}',
  '      - uses: nobody/missing@v1',
  '      - run: npm test',
);

async function view(files: Record<string, string>, wrote = false): Promise<ReportView> {
  const before = new Map(Object.entries(files).map(([p, t]) => [p, new TextEncoder().encode(t)]));
  const result = await harden({ files: before, resolver: staticActionResolver(TEST_REFS) });
  return { result, before, wrote, hidden: new Set(), failing: new Set() };
}

const tool = { version: '0.1.0', informationUri: 'https://example.org/rampart', rules: RULES };

/** The SARIF 2.1.0 schema shipped as a fixture (see test/fixtures/sarif/README.md), loaded as draft-07. */
function sarifValidator() {
  const schema = JSON.parse(
    readFileSync(new URL('../../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  const { id, $schema: _draft04, ...rest } = schema;
  // unicodeRegExp off: the schema's language-tag pattern has a stray `]` that only a non-unicode RegExp accepts.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: id as string });
}

describe('--format sarif', () => {
  test('is valid SARIF 2.1.0 by the schema', async () => {
    const log: unknown = JSON.parse(renderSarif(await view({ [WF]: PWN }), tool));
    const validate = sarifValidator();
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    // The validator is not a rubber stamp.
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  test("meets GitHub code scanning's documented requirements and limits", async () => {
    const log = JSON.parse(renderSarif(await view({ [WF]: PWN }), tool));
    expect(log.$schema).toMatch(/^https:\/\//);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1); // at most 20 runs per file
    const run = log.runs[0];
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'Rampart', version: '0.1.0', informationUri: 'https://example.org/rampart' });
    expect(driver.rules.length).toBeLessThanOrEqual(25_000);
    expect(driver.rules.map((r: { id: string }) => r.id).sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const rule of driver.rules) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(rule.fullDescription.text).toBeTruthy();
      expect(rule.help.text).toBeTruthy();
      // A number in a string, 0.0 to 10.0: GitHub reads it as critical (> 9.0), high, medium or low.
      expect(rule.properties['security-severity']).toMatch(/^\d{1,2}\.\d$/);
      expect(Number(rule.properties['security-severity'])).toBeLessThanOrEqual(10);
      expect(rule.properties.tags.length).toBeLessThanOrEqual(20);
    }
    expect(run.results.length).toBeGreaterThan(0);
    expect(run.results.length).toBeLessThanOrEqual(25_000);
    for (const result of run.results) {
      expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text).toBeTruthy();
      expect(result.locations.length).toBeGreaterThanOrEqual(1);
      expect(result.locations.length).toBeLessThanOrEqual(1000);
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      // Repository-relative, percent-encoded, never absolute or file://.
      expect(['.github/workflows/pwn%20request.yml', '.github/dependabot.yml']).toContain(artifactLocation.uri);
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
      expect(Object.keys(result.partialFingerprints)).toEqual(['rampart/v1']);
    }
    // The checkout of the pull request's head under pull_request_target is critical, so an error.
    const critical = run.results.filter(
      (r: { ruleId: string; properties: { severity: string } }) =>
        r.ruleId === 'dangerous-triggers' && r.properties.severity === 'critical',
    );
    expect(critical.length).toBeGreaterThan(0);
    for (const r of critical) expect(r.level).toBe('error');
    expect(
      run.results.find(
        (r: { ruleId: string; message: { text: string } }) =>
          r.ruleId === 'pin-actions' && /nobody\/missing/.test(r.message.text),
      ),
    ).toBeDefined();
  });

  test('fingerprints follow a finding when lines above it move, and differ between findings', async () => {
    const before = JSON.parse(renderSarif(await view({ [WF]: PWN }), tool)).runs[0].results;
    const moved = JSON.parse(renderSarif(await view({ [WF]: `# a comment on top\n\n${PWN}` }), tool)).runs[0].results;
    const key = (r: { ruleId: string }) => r.ruleId;
    const fp = (rs: { partialFingerprints: Record<string, string> }[]) =>
      rs.map((r) => r.partialFingerprints['rampart/v1']);
    expect(moved.map(key)).toEqual(before.map(key));
    expect(fp(moved)).toEqual(fp(before));
    const line = (rs: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[]) =>
      rs.find((r) => r.ruleId === 'dangerous-triggers')!.locations[0]!.physicalLocation.region.startLine;
    expect(line(moved)).toBe(line(before) + 2);
    expect(new Set(fp(before)).size).toBe(before.length);
  });

  test('after --write, what was fixed is no longer a result; a file that could not be read is a notification', async () => {
    const v = await view({ [WF]: PWN, '.github/workflows/broken.yml': 'on: [push\n' }, true);
    const run = JSON.parse(renderSarif(v, tool)).runs[0];
    expect(run.results.every((r: { properties: { fixable: boolean } }) => !r.properties.fixable)).toBe(true);
    expect(run.results.length).toBe(v.result.report.files.flatMap((f) => f.findings).filter((f) => !f.fixed).length);
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(
      /^\.github\/workflows\/broken\.yml: invalid YAML/,
    );
  });
});
