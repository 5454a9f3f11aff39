import { applyEdits, type RuleEdits } from './apply-edits.js';
import { classifyPath } from './classify-path.js';
import { resolveHardenOptions, ruleEnabled, type HardenOptions, type HardenOptionsInput } from './options.js';
import { memoizeResolver, type ActionResolver } from './resolver/action-resolver.js';
import type { FileRule, RepoRule, RepoView, Rule, RuleNote } from './rule.js';
import { RULES } from './rules/registry.js';
import { prefetchRemoteActions } from './remote-actions/prefetch-remote-actions.js';
import { scriptReader } from './run-scripts/script-reader.js';
import { summarize } from './summarize.js';
import type { FileMap, FileReport, Finding, HardenResult, RuleId, SourceFile } from './types.js';
import { parseSource } from './yaml/parse-source.js';

export interface HardenInput {
  files: FileMap;
  options?: HardenOptionsInput | HardenOptions;
  resolver: ActionResolver;
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

  const reports = new Map<string, FileReport>();
  const parsed = new Map<string, SourceFile>();
  for (const [path, bytes] of [...input.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const kind = classifyPath(path);
    if (!kind) continue;
    const outcome = parseSource(path, kind, bytes);
    if (outcome.ok) parsed.set(path, outcome.file);
    reports.set(path, { path, kind, status: outcome.ok ? 'unchanged' : 'error', ...(outcome.ok ? {} : { error: outcome.error }), findings: [] });
  }
  const remoteActions = await prefetchRemoteActions(parsed.values(), resolver);
  const scripts = scriptReader();
  const repo: RepoView = { parsed, paths: new Set(input.files.keys()), text: fileText(input.files), remoteActions, readScript: scripts.read };

  const pending = new Map<string, { edits: RuleEdits[]; notes: Finding[] }>();
  const slot = (path: string) => {
    let s = pending.get(path);
    if (!s) pending.set(path, (s = { edits: [], notes: [] }));
    return s;
  };
  const note = (path: string, rule: RuleId, n: RuleNote) => slot(path).notes.push({ rule, line: n.line, message: n.message, fixed: false });

  const fileRules = rules.filter((r): r is FileRule => r.scope === 'file');
  await Promise.all(
    [...parsed.values()].map(async (file) => {
      for (const rule of fileRules) {
        if (!rule.kinds.includes(file.kind)) continue;
        try {
          const result = await rule.check({ file, repo, options, resolver });
          if (result.edits.length > 0) slot(file.path).edits.push({ rule: rule.id, edits: result.edits });
          for (const n of result.notes) note(file.path, rule.id, n);
        } catch (err) {
          note(file.path, rule.id, { line: 1, message: `rule failed on this file and changed nothing: ${(err as Error).message}` });
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
        findings: [{ rule: rule.id, line: 1, message: result.message, fixed: true }],
      });
    } else if (result.kind === 'edit') {
      slot(result.path).edits.push({ rule: rule.id, edits: result.result.edits });
      for (const n of result.result.notes) note(result.path, rule.id, n);
    } else if (result.path) {
      for (const n of result.notes ?? []) note(result.path, rule.id, n);
    }
  }

  for (const [path, work] of pending) {
    const report = reports.get(path);
    const file = parsed.get(path);
    if (!report || !file) continue;
    const applied = applyEdits(file, work.edits);
    const findings: Finding[] = [
      ...work.notes,
      ...applied.kept.map(({ rule, edit }) => ({ rule, line: edit.line, ...(edit.endLine ? { endLine: edit.endLine } : {}), message: edit.message, fixed: true })),
      ...applied.dropped.map(({ rule, edit, reason }) => ({ rule, line: edit.line, message: `${edit.message}; not changed: ${reason}`, fixed: false })),
    ];
    report.findings = findings.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
    if (applied.kept.length > 0 && applied.text !== file.text) {
      report.status = 'changed';
      changes.set(path, encoder.encode(applied.text));
    }
  }

  const files = [...reports.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  return { changes, report: { files, summary: summarize(files) }, wanted: scripts.wanted() };
}
