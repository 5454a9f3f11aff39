import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hardenOptionsSchema } from '../../../../src/harden/options.js';
import { RULE_IDS, RULES } from '../../../../src/harden/rules/registry.js';
import { SEVERITIES } from '../../../../src/harden/severity.js';
import { ZIZMOR_AUDITS } from '../../../../src/harden/suppression/zizmor-audits.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const RULES_DIR = join(ROOT, 'src/harden/rules');
const TESTS_DIR = join(ROOT, 'test/unit/harden/rules');

/** The index row docs/rules.md must hold for a rule, in registry order. */
const indexRow = (r: (typeof RULES)[number]) =>
  `| [\`${r.id}\`](../src/harden/rules/${r.id}/README.md) | ${r.action} | ${r.severity} | ${r.confidence} |`;

const README_RULES_HEADER = '| rule | what it finds | default severity | fix or report | example |';

/** The cells of each body row of README.md's rule table (`\|` inside a cell is text, not a column). */
function readmeRuleRows(): string[][] {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const start = lines.indexOf(README_RULES_HEADER);
  if (start < 0) throw new Error(`README.md has no rule table headed ${README_RULES_HEADER}`);
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  return lines.slice(start + 2, end < 0 ? undefined : end).map((row) =>
    row
      .replace(/^\|/, '')
      .replace(/\|\s*$/, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim()),
  );
}

describe('the rule registry', () => {
  test('is the only list: ids are unique, RULE_IDS is read from it, and every rule folder is registered', () => {
    expect(new Set(RULE_IDS).size).toBe(RULES.length);
    expect([...RULE_IDS]).toEqual(RULES.map((r) => r.id));
    const folders = readdirSync(RULES_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.sort()).toEqual([...RULE_IDS].sort());
  });

  test.each(RULES.map((r) => [r.id, r] as const))(
    '%s has docs, a test file, and a definition that says how its findings weigh',
    (id, rule) => {
      const doc = join(RULES_DIR, id, 'README.md');
      expect(existsSync(doc)).toBe(true);
      const text = readFileSync(doc, 'utf8');
      expect(text.startsWith(`# ${id}\n`)).toBe(true);
      for (const heading of [
        '## What',
        '## Why',
        '## Example',
        '## Severity',
        '## Fixing it by hand',
        '## Silencing it',
      ])
        expect(text).toContain(`\n${heading}\n`);
      expect(text).toContain(`| fix or report | ${rule.action} |`);
      expect(text).toContain(`| default severity | ${rule.severity} |`);
      expect(text).toContain(`| default confidence | ${rule.confidence} |`);
      expect(text).toMatch(/```yaml\n/);
      expect(existsSync(join(TESTS_DIR, `${id}.test.ts`))).toBe(true);
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.help).toMatch(/^[A-Z`].*\.$/);
      expect(rule.help.split(/\.\s/).length).toBe(1);
    },
  );

  test('each rule with options has its schema wired into the engine options under its key', () => {
    const shape = hardenOptionsSchema.shape as Record<string, unknown>;
    const withOptions = RULES.flatMap((r) => (r.options ? [r.options] : []));
    expect(withOptions.map((o) => o.key).sort()).toEqual(['dependabot', 'hardenRunner', 'pinActions']);
    for (const o of withOptions) expect(shape[o.key]).toBe(o.schema);
    expect(Object.keys(shape).sort()).toEqual(['rules', ...withOptions.map((o) => o.key)].sort());
  });

  test("README.md's rule table has one row per rule, in registry order, with its severity, fix or report, and an example", () => {
    const rows = readmeRuleRows();
    expect(rows.map((cells) => cells.length)).toEqual(RULES.map(() => 5));
    expect(rows.map(([rule, , severity, action]) => [rule, severity, action])).toEqual(
      RULES.map((r) => [`[\`${r.id}\`](src/harden/rules/${r.id}/README.md)`, r.severity, r.action]),
    );
    for (const [rule, finds, , , example] of rows) {
      expect({ rule, finds: finds!.length > 20 }).toEqual({ rule, finds: true });
      expect({ rule, example: /`[^`]+`/.test(example!) }).toEqual({ rule, example: true });
    }
  });

  test('docs/rules.md names each zizmor audit whose ignore comment silences a rule', () => {
    const index = readFileSync(join(ROOT, 'docs/rules.md'), 'utf8');
    const audits = Object.entries(ZIZMOR_AUDITS).map(([audit, rule]) => `| \`${audit}\` | \`${rule}\` |`);
    expect(index).toContain(['| zizmor audit | Rampart rule |', '|---|---|', ...audits].join('\n'));
  });

  test('docs/rules.md lists every rule, in registry order, with what it does and how it weighs', () => {
    const index = readFileSync(join(ROOT, 'docs/rules.md'), 'utf8');
    const table = [
      '| rule | fix or report | default severity | default confidence |',
      '|---|---|---|---|',
      ...RULES.map(indexRow),
    ].join('\n');
    // When this fails, replace the table in docs/rules.md with the expected one printed here.
    expect(index).toContain(table);
  });
});
