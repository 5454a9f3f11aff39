import type { FileReport, HardenSummary } from './types.js';

export function summarize(files: readonly FileReport[]): HardenSummary {
  const summary: HardenSummary = {
    files: files.length,
    changed: 0,
    unchanged: 0,
    errors: 0,
    fixed: 0,
    reported: 0,
    suppressed: 0,
    byRule: {},
  };
  const slotOf = (rule: keyof HardenSummary['byRule']) =>
    (summary.byRule[rule] ??= { fixed: 0, reported: 0, suppressed: 0 });
  for (const f of files) {
    if (f.status === 'changed') summary.changed++;
    else if (f.status === 'unchanged') summary.unchanged++;
    else summary.errors++;
    for (const finding of f.findings) {
      const slot = slotOf(finding.rule);
      if (finding.fixed) {
        summary.fixed++;
        slot.fixed++;
      } else {
        summary.reported++;
        slot.reported++;
      }
    }
    for (const [rule, count] of Object.entries(f.suppressed ?? {}) as [keyof HardenSummary['byRule'], number][]) {
      summary.suppressed += count;
      slotOf(rule).suppressed += count;
    }
  }
  return summary;
}
