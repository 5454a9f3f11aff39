import { diffArrays } from 'diff';
import { harden } from '../../../src/harden/harden.js';
import { staticActionResolver } from '../../../src/harden/resolver/static-action-resolver.js';
import type { HardenResult } from '../../../src/harden/types.js';
import { parseText } from '../../../src/harden/yaml/parse-source.js';
import { corpusRefTable, corpusRepos, describeCorpus, loadCorpus, parsesCleanly } from '../../support/corpus.js';
import { lostNeeds, repoView, tokenCoverage } from '../../support/token-coverage.js';

const dec = new TextDecoder('utf-8', { ignoreBOM: true });

/** Original line numbers (1-based) that the new text no longer has unchanged. */
function removedLines(before: string, after: string): number[] {
  const out: number[] = [];
  let line = 1;
  for (const part of diffArrays(before.split('\n'), after.split('\n'))) {
    if (part.added) continue;
    if (part.removed) part.value.forEach((_, i) => out.push(line + i));
    line += part.value.length;
  }
  return out;
}

describeCorpus('the engine over the real-world corpus', () => {
  const entries = loadCorpus();
  const repos = corpusRepos(entries);
  const resolver = staticActionResolver(corpusRefTable(entries));
  const results = new Map<string, { files: Map<string, Uint8Array>; first: HardenResult; second: HardenResult }>();

  beforeAll(async () => {
    for (const [repo, files] of repos) {
      const first = await harden({ files, resolver });
      const next = new Map(files);
      for (const [p, b] of first.changes) next.set(p, b);
      const second = await harden({ files: next, resolver });
      results.set(repo, { files, first, second });
    }
  });

  test('every corpus file is reported: hardened, unchanged, or an error with a reason', () => {
    let reported = 0;
    for (const { files, first } of results.values()) {
      for (const path of files.keys()) {
        const report = first.report.files.find((f) => f.path === path);
        if (!report) continue;
        reported++;
        if (report.status === 'error') expect(report.error).toMatch(/\w{3,}/);
      }
    }
    expect(reported).toBe(entries.length);
    const grafana = results
      .get('grafana/grafana')!
      .first.report.files.find((f) => f.path.endsWith('close-milestone.yml'))!;
    expect(grafana).toMatchObject({ status: 'error', error: expect.stringMatching(/invalid YAML/) });
  });

  test('most files are hardened (the corpus is mostly unhardened)', () => {
    const changed = [...results.values()].reduce(
      (n, r) => n + [...r.first.changes.keys()].filter((p) => r.files.has(p)).length,
      0,
    );
    expect(changed).toBeGreaterThan(entries.length / 2);
  });

  test('every output parses, and only lines named by a fix differ from the input', () => {
    for (const { files, first } of results.values()) {
      for (const [path, bytes] of first.changes) {
        const after = dec.decode(bytes);
        expect({ path, parses: parsesCleanly(after) }).toEqual({ path, parses: true });
        const original = files.get(path);
        if (!original) continue;
        const fixes = first.report.files.find((f) => f.path === path)!.findings.filter((f) => f.fixed);
        const fixedLines = new Set(
          fixes.flatMap((f) => Array.from({ length: (f.endLine ?? f.line) - f.line + 1 }, (_, i) => f.line + i)),
        );
        const stray = removedLines(dec.decode(original), after).filter((l) => !fixedLines.has(l));
        expect({ path, stray }).toEqual({ path, stray: [] });
      }
    }
  });

  test('hardening its own output changes nothing', () => {
    for (const [repo, { second }] of results) {
      expect({ repo, changed: [...second.changes.keys()] }).toEqual({ repo, changed: [] });
    }
  });

  test('no workflow gets worse: as many jobs with an explicit token, Scorecard kept, and no job loses a known need', () => {
    let before = 0;
    let after = 0;
    for (const { files, first } of results.values()) {
      const repo = repoView(files);
      for (const [path, bytes] of first.changes) {
        const original = files.get(path);
        if (!original || !path.startsWith('.github/workflows/')) continue;
        const a = parseText(path, 'workflow', dec.decode(original));
        const b = parseText(path, 'workflow', dec.decode(bytes));
        if (!a.ok || !b.ok) continue;
        const was = tokenCoverage(a.file);
        const now = tokenCoverage(b.file);
        expect({
          path,
          explicit: now.explicitJobs >= was.explicitJobs,
          scorecard: now.scorecard || !was.scorecard,
        }).toEqual({ path, explicit: true, scorecard: true });
        expect({ path, lost: lostNeeds(a.file, b.file, repo) }).toEqual({ path, lost: [] });
        before += was.explicitJobs;
        after += now.explicitJobs;
      }
    }
    expect(after).toBeGreaterThan(before);
  });
});
