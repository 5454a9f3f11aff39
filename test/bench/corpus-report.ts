// `npm run report:corpus`: what the engine does to the real-world corpus, before/after, per rule.
import { harden } from '../../src/harden/harden.js';
import { staticActionResolver } from '../../src/harden/resolver/static-action-resolver.js';
import type { RuleId } from '../../src/harden/types.js';
import { parseText } from '../../src/harden/yaml/parse-source.js';
import { corpusRefTable, corpusRepos, loadCorpus, requireCorpus } from '../support/corpus.js';
import { lostNeeds, repoView, tokenCoverage } from '../support/token-coverage.js';

const dec = new TextDecoder('utf-8', { ignoreBOM: true });

async function main(): Promise<void> {
  requireCorpus('npm run report:corpus');
  const entries = loadCorpus();
  const resolver = staticActionResolver(corpusRefTable(entries));
  const totals = {
    workflows: 0,
    jobs: 0,
    explicitBefore: 0,
    explicitAfter: 0,
    scorecardBefore: 0,
    scorecardAfter: 0,
    lost: 0,
  };
  const perRule = new Map<RuleId, { files: Set<string>; fixed: number; reported: number }>();
  for (const [name, files] of corpusRepos(entries)) {
    const result = await harden({ files, resolver });
    const repo = repoView(files);
    for (const f of result.report.files) {
      for (const finding of f.findings) {
        const r = perRule.get(finding.rule) ?? { files: new Set(), fixed: 0, reported: 0 };
        r.files.add(`${name}/${f.path}`);
        if (finding.fixed) r.fixed++;
        else r.reported++;
        perRule.set(finding.rule, r);
      }
      if (f.kind !== 'workflow' || f.status === 'error') continue;
      const before = parseText(f.path, 'workflow', dec.decode(files.get(f.path)));
      const changed = result.changes.get(f.path);
      const after = changed ? parseText(f.path, 'workflow', dec.decode(changed)) : before;
      if (!before.ok || !after.ok) continue;
      const was = tokenCoverage(before.file);
      const now = tokenCoverage(after.file);
      totals.workflows++;
      totals.jobs += was.jobs;
      totals.explicitBefore += was.explicitJobs;
      totals.explicitAfter += now.explicitJobs;
      totals.scorecardBefore += Number(was.scorecard);
      totals.scorecardAfter += Number(now.scorecard);
      totals.lost += lostNeeds(before.file, after.file, repo).length;
    }
  }
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;
  console.log(`corpus: ${entries.length} files, ${totals.workflows} workflows parsed, ${totals.jobs} jobs`);
  console.log(
    `jobs with an explicit token: ${totals.explicitBefore} (${pct(totals.explicitBefore, totals.jobs)}) before, ${totals.explicitAfter} (${pct(totals.explicitAfter, totals.jobs)}) after`,
  );
  console.log(
    `workflows meeting Scorecard's Token-Permissions criterion: ${totals.scorecardBefore} before, ${totals.scorecardAfter} after`,
  );
  console.log(`known job needs lost: ${totals.lost}`);
  console.log('per rule: files with findings, fixed, reported');
  for (const [rule, r] of [...perRule].sort(([a], [b]) => (a < b ? -1 : 1))) {
    console.log(
      `  ${rule.padEnd(30)} ${String(r.files.size).padStart(5)} ${String(r.fixed).padStart(6)} ${String(r.reported).padStart(6)}`,
    );
  }
}

void main();
