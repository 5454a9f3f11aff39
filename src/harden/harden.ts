import { applyEdits, type RuleEdits } from './apply-edits.js';
import { classifyPath } from './classify-path.js';
import { resolveHardenOptions, ruleEnabled, type HardenOptions, type HardenOptionsInput } from './options.js';
import { memoizeResolver, type ActionResolver } from './resolver/action-resolver.js';
import { memoizeImageResolver, type ImageResolver } from './resolver/image-resolver.js';
import { toFinding } from './findings.js';
import type { FileRule, RepoRule, RepoView, Rule, RuleEdit, RuleNote } from './rule.js';
import { RULES } from './rules/registry.js';
import { prefetchRemoteActions } from './remote-actions/prefetch-remote-actions.js';
import { scriptReader } from './run-scripts/script-reader.js';
import { summarize } from './summarize.js';
import { suppress } from './suppression/suppress.js';
import type { FileMap, FileReport, Finding, HardenResult, RuleId, SourceFile } from './types.js';
import { parseSource } from './yaml/parse-source.js';
import { patchLines } from './yaml/patch-lines.js';

export interface HardenInput {
  files: FileMap;
  options?: HardenOptionsInput | HardenOptions;
  resolver: ActionResolver;
  /** Asks registries for image digests; optional (offline, or not allowed to reach them). */
  imageResolver?: ImageResolver;
  /** The rule set; tests pass a subset or a stand-in. */
  rules?: readonly Rule[];
}

const encoder = new TextEncoder();
const MAX_SCRIPT_BYTES = 256 * 1024;

/** Decodes given files on demand, once each; files that are large or not UTF-8 read as absent. */
function fileText(files: FileMap): (path: string) => string | undefined {
  const decoded = new Map<string, string | undefined>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return (path) => {
    if (decoded.has(path)) return decoded.get(path);
    const bytes = files.get(path);
    let text: string | undefined;
    if (bytes && bytes.byteLength <= MAX_SCRIPT_BYTES) {
      try {
        text = decoder.decode(bytes);
      } catch {
        text = undefined;
      }
    }
    decoded.set(path, text);
    return text;
  };
}

/** Hardens a repository's workflow, action and Dependabot files: bytes in, changed bytes and a report out. */
export async function harden(input: HardenInput): Promise<HardenResult> {
  const options = resolveHardenOptions(input.options as HardenOptionsInput);
  const rules = (input.rules ?? RULES).filter((r) => ruleEnabled(options, r.id, r.defaultEnabled));
  const resolver = memoizeResolver(input.resolver);
  const images = input.imageResolver && memoizeImageResolver(input.imageResolver);

  const reports = new Map<string, FileReport>();
  const parsed = new Map<string, SourceFile>();
  for (const [path, bytes] of [...input.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const kind = classifyPath(path);
    if (!kind) continue;
    const outcome = parseSource(path, kind, bytes);
    if (outcome.ok) parsed.set(path, outcome.file);
    reports.set(path, {
      path,
      kind,
      status: outcome.ok ? 'unchanged' : 'error',
      ...(outcome.ok ? {} : { error: outcome.error }),
      findings: [],
    });
  }
  const remoteActions = await prefetchRemoteActions(parsed.values(), resolver);
  const scripts = scriptReader();
  const repo: RepoView = {
    parsed,
    paths: new Set(input.files.keys()),
    text: fileText(input.files),
    remoteActions,
    readScript: scripts.read,
  };

  const pending = new Map<string, { edits: RuleEdits[]; notes: { rule: Rule; note: RuleNote }[] }>();
  const slot = (path: string) => {
    let s = pending.get(path);
    if (!s) pending.set(path, (s = { edits: [], notes: [] }));
    return s;
  };
  const note = (path: string, rule: Rule, n: RuleNote) => slot(path).notes.push({ rule, note: n });
  const failed = (err: unknown): RuleNote => ({
    line: 1,
    column: 1,
    message: `rule failed on this file and changed nothing: ${(err as Error).message}`,
  });

  const fileRules = rules.filter((r): r is FileRule => r.scope === 'file');
  await Promise.all(
    [...parsed.values()].map(async (file) => {
      for (const rule of fileRules) {
        if (!rule.kinds.includes(file.kind)) continue;
        try {
          const result = await rule.check(
            images ? { file, repo, options, resolver, images } : { file, repo, options, resolver },
          );
          if (result.edits.length > 0) slot(file.path).edits.push({ rule: rule.id, edits: result.edits });
          for (const n of result.notes) note(file.path, rule, n);
        } catch (err) {
          note(file.path, rule, failed(err));
        }
      }
    }),
  );

  const changes = new Map<string, Uint8Array>();
  for (const rule of rules.filter((r): r is RepoRule => r.scope === 'repo')) {
    const result = await rule.check({ repo, options });
    if (result.kind === 'create') {
      changes.set(result.path, encoder.encode(result.text));
      reports.set(result.path, {
        path: result.path,
        kind: classifyPath(result.path) ?? 'dependabot',
        status: 'changed',
        created: true,
        findings: [toFinding(rule, result.path, { line: 1, column: 1, message: result.message }, true)],
      });
    } else if (result.kind === 'edit') {
      slot(result.path).edits.push({ rule: rule.id, edits: result.result.edits });
      for (const n of result.result.notes) note(result.path, rule, n);
    } else if (result.path) {
      for (const n of result.notes ?? []) note(result.path, rule, n);
    }
  }

  const byId = new Map<RuleId, Rule>(rules.map((r) => [r.id, r]));
  for (const [path, work] of pending) {
    const report = reports.get(path);
    const file = parsed.get(path);
    if (!report || !file) continue;
    const kept = suppress(file, work.edits, work.notes);
    const applied = applyEdits(file, kept.edits);
    const findings: Finding[] = [
      ...kept.notes.map(({ rule, note: n }) => toFinding(rule, path, n, false)),
      ...applied.kept.map(({ rule, edit }) => toFinding(byId.get(rule)!, path, spanned(file, edit), true)),
      ...applied.dropped.map(({ rule, edit, reason }) =>
        toFinding(byId.get(rule)!, path, edit, false, `${edit.message}; not changed: ${reason}`),
      ),
    ];
    report.findings = findings.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
    if (kept.suppressed) report.suppressed = kept.suppressed;
    if (applied.kept.length > 0 && applied.text !== file.text) {
      report.status = 'changed';
      changes.set(path, encoder.encode(applied.text));
    }
  }

  const files = [...reports.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  return { changes, report: { files, summary: summarize(files) }, wanted: scripts.wanted() };
}

/** A fix names every line it rewrites: `endLine` is widened to its last patch when the rule gave less. */
function spanned(file: SourceFile, edit: RuleEdit): RuleEdit {
  if (edit.patches.length === 0) return edit;
  const last = patchLines(file, edit.patches).last;
  return last > (edit.endLine ?? edit.line) ? { ...edit, endLine: last } : edit;
}
