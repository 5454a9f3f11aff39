import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { harden } from '../../../src/harden/harden.js';
import { staticActionResolver, type ActionRefsFile } from '../../../src/harden/resolver/static-action-resolver.js';
import { severityAtLeast } from '../../../src/harden/severity.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const ACTION = read('action.yml');
const README_WORKFLOW = /```yaml\n(# \.github\/workflows\/rampart\.yml\n[\s\S]*?)```/.exec(read('README.md'))?.[1];

/** Every `owner/repo@<sha> # <tag>` pin of the texts, as a resolver table; Rampart's own action serves action.yml. */
function pinsOf(...texts: string[]): ActionRefsFile {
  const table: ActionRefsFile = {};
  for (const text of texts) {
    for (const m of text.matchAll(/uses: ([\w.-]+\/[\w.-]+)(?:\/[\w./-]+)?@([0-9a-f]{40}) # (v[\d.]+)/g)) {
      const slot = (table[m[1]!.toLowerCase()] ??= { tags: {}, branches: {}, actions: {} });
      slot.tags![m[3]!] = m[2]!;
    }
  }
  table['owner/rampart']!.actions = { '': ACTION };
  return table;
}

describe('the GitHub Action and the workflow README offers', () => {
  test('the README workflow and action.yml are already hardened: the engine changes nothing and finds nothing of weight', async () => {
    expect(README_WORKFLOW).toBeDefined();
    const files = new Map([
      ['.github/workflows/rampart.yml', new TextEncoder().encode(README_WORKFLOW)],
      ['action.yml', new TextEncoder().encode(ACTION)],
    ]);
    const result = await harden({
      files,
      resolver: staticActionResolver(pinsOf(README_WORKFLOW!)),
      options: { rules: { 'dependabot-actions': false } },
    });
    expect([...result.changes.keys()]).toEqual([]);
    const weighty = result.report.files.flatMap((f) => f.findings).filter((f) => severityAtLeast(f.severity, 'medium'));
    expect(weighty).toEqual([]);
    expect(result.report.summary.errors).toBe(0);
  });

  test('action.yml passes inputs to its script only through the environment', () => {
    const action = parse(ACTION) as {
      inputs: Record<string, unknown>;
      runs: { using: string; steps: { run?: string; env?: Record<string, string> }[] };
    };
    expect(Object.keys(action.inputs)).toEqual(['mode', 'fail-on', 'format', 'paths', 'token', 'output-file']);
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
    const env = action.runs.steps.find((s) => s.env)!.env!;
    expect(env.GH_TOKEN).toBe('${{ inputs.token }}');
  });

  test('the pre-commit hook runs the check on workflow, action and Dependabot files', () => {
    const [hook] = parse(read('.pre-commit-hooks.yaml')) as {
      id: string;
      entry: string;
      language: string;
      files: string;
    }[];
    expect(hook).toMatchObject({ id: 'rampart-harden', entry: 'rampart harden --check', language: 'node' });
    const files = new RegExp(hook!.files);
    for (const path of ['.github/workflows/ci.yml', 'action.yml', 'tools/lint/action.yaml', '.github/dependabot.yml'])
      expect(files.test(path)).toBe(true);
    for (const path of ['.github/workflows/nested/ci.yml', 'README.md', 'src/action.yml.ts'])
      expect(files.test(path)).toBe(false);
  });
});
