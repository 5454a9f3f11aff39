import { renderGithubAnnotations } from '../../../src/cli/report/github-annotations.js';
import type { ReportView } from '../../../src/cli/report/report-view.js';
import { summarize } from '../../../src/harden/summarize.js';
import type { FileReport, Finding } from '../../../src/harden/types.js';

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'pin-actions',
  severity: 'high',
  confidence: 'high',
  path: '.github/workflows/a,b.yml',
  line: 7,
  column: 9,
  message: 'm',
  fixed: false,
  ...over,
});

function view(
  findings: Finding[],
  opts: { failing?: Finding[]; hidden?: Finding[]; wrote?: boolean; error?: string } = {},
): ReportView {
  const files: FileReport[] = [
    { path: '.github/workflows/a,b.yml', kind: 'workflow', status: 'unchanged', findings },
    ...(opts.error
      ? [
          {
            path: '.github/workflows/bad.yml',
            kind: 'workflow' as const,
            status: 'error' as const,
            error: opts.error,
            findings: [],
          },
        ]
      : []),
  ];
  return {
    result: { changes: new Map(), report: { files, summary: summarize(files) }, wanted: [] },
    before: new Map(),
    wrote: opts.wrote ?? false,
    hidden: new Set(opts.hidden),
    failing: new Set(opts.failing),
  };
}

describe('--format github', () => {
  test('one workflow command per finding, its level from the severity, escaped as @actions/core escapes', () => {
    const medium = finding({
      severity: 'medium',
      message: '100% sure: line one\nline two',
      endLine: 9,
      help: 'do this',
    });
    const low = finding({ severity: 'low', line: 12, column: 3, fixed: true, message: 'pinned x' });
    const out = renderGithubAnnotations(view([medium, low]));
    expect(out.split('\n').filter(Boolean)).toEqual([
      '::warning file=.github/workflows/a%2Cb.yml,line=7,col=9,endLine=9,title=rampart pin-actions (medium)::100%25 sure: line one%0Aline two%0Ado this',
      '::notice file=.github/workflows/a%2Cb.yml,line=12,col=3,title=rampart pin-actions (low)::pinned x (rampart harden --write fixes this)',
    ]);
  });

  test('what fails the run is an error whatever its severity; hidden and already-written findings are left out; bad files are errors', () => {
    const failing = finding({ severity: 'low', message: 'fails' });
    const hidden = finding({ message: 'offline' });
    const written = finding({ fixed: true, message: 'written' });
    const out = renderGithubAnnotations(
      view([failing, hidden, written], {
        failing: [failing],
        hidden: [hidden],
        wrote: true,
        error: 'invalid YAML at line 1: x',
      }),
    );
    expect(out).toBe(
      '::error file=.github/workflows/a%2Cb.yml,line=7,col=9,title=rampart pin-actions (low)::fails\n' +
        '::error file=.github/workflows/bad.yml,title=rampart%3A file not processed::invalid YAML at line 1: x\n',
    );
  });
});
