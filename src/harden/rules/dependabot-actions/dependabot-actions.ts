import { parseUses } from '../../model/action-ref.js';
import { usesSites } from '../../model/uses-sites.js';
import { repoRule, type RepoContext, type RepoRuleResult } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { columnAt, lineEnd, pairOf, positionAt, positionOfNode, seqOf, stringOf, valueOf } from '../../yaml/ast.js';
import { dependabotOptions } from './options.js';

const CANDIDATES = ['.github/dependabot.yml', '.github/dependabot.yaml'];

export const dependabotActions = repoRule({
  id: 'dependabot-actions',
  defaultEnabled: true,
  action: 'fix',
  severity: 'low',
  confidence: 'high',
  help: "Add a `github-actions` entry to `.github/dependabot.yml` for `/` and each action's directory, with a weekly schedule and a cooldown.",
  options: { key: 'dependabot', schema: dependabotOptions },
  title: 'Keep pinned actions current with Dependabot',
  explanation:
    'SHA pins do not move by themselves, so without an updater they fall behind on security fixes. A `github-actions` ' +
    'entry in .github/dependabot.yml makes Dependabot propose updates that bump each SHA and its `# vX.Y.Z` comment, ' +
    'after a cooldown that gives the community time to spot a malicious release.',
  async check({ repo, options }: RepoContext): Promise<RepoRuleResult> {
    const dirs = actionDirectories(repo.parsed);
    if (dirs.length === 0) return { kind: 'none' };
    const existing = CANDIDATES.find((p) => repo.paths.has(p));
    const entry = updaterLines(dirs, options.dependabot.interval, options.dependabot.cooldownDays);
    if (!existing) {
      const text = [
        '# Dependabot keeps the SHA-pinned actions in this repository current.',
        'version: 2',
        'updates:',
        ...entry.map((l) => `  ${l}`),
        '',
      ].join('\n');
      return {
        kind: 'create',
        path: CANDIDATES[0]!,
        text,
        message: `created ${CANDIDATES[0]} with a github-actions updater for ${dirs.join(', ')}`,
      };
    }
    const file = repo.parsed.get(existing);
    if (!file) return { kind: 'none' };
    return appendUpdater(file, dirs, entry, options.dependabot);
  },
});

/** Directories Dependabot must scan: "/" for workflows, and each composite action's own directory. */
function actionDirectories(parsed: ReadonlyMap<string, SourceFile>): string[] {
  const dirs = new Set<string>();
  for (const file of parsed.values()) {
    if (file.kind === 'dependabot') continue;
    const remote = usesSites(file).some((s) => parseUses(stringOf(s.node) ?? '').kind === 'remote');
    if (!remote) continue;
    if (file.kind === 'workflow') dirs.add('/');
    else dirs.add(`/${file.path.replace(/\/?action\.ya?ml$/, '')}`);
  }
  return [...dirs].sort();
}

function updaterLines(dirs: string[], interval: string, cooldownDays: number): string[] {
  const where =
    dirs.length === 1 ? [`  directory: "${dirs[0]}"`] : ['  directories:', ...dirs.map((d) => `    - "${d}"`)];
  const cooldown = cooldownDays > 0 ? ['  cooldown:', `    default-days: ${cooldownDays}`] : [];
  return ['- package-ecosystem: "github-actions"', ...where, '  schedule:', `    interval: "${interval}"`, ...cooldown];
}

function appendUpdater(
  file: SourceFile,
  dirs: string[],
  entry: string[],
  opts: { interval: string; cooldownDays: number },
): RepoRuleResult {
  const updatesNode = valueOf(file.doc.contents, 'updates');
  const updates = seqOf(updatesNode);
  const at = positionOfNode(file, pairOf(file.doc.contents, 'updates')?.key);
  const none = (message: string): RepoRuleResult => ({ kind: 'none', path: file.path, notes: [{ ...at, message }] });
  if (!updates) return none('no `updates:` list to add a github-actions updater to; add one by hand');
  if (updates.items.some((item) => stringOf(valueOf(item, 'package-ecosystem')) === 'github-actions'))
    return { kind: 'none' };
  if (updates.flow) return none('`updates:` is written in flow style; add a github-actions updater by hand');
  const last = updates.items[updates.items.length - 1];
  const first = updates.items[0];
  if (!last?.range || !first?.range) return none('`updates:` is empty; add a github-actions updater by hand');
  const dashCol = columnAt(file.text, file.text.lastIndexOf('-', first.range[0]));
  const bodyCol = columnAt(file.text, first.range[0]);
  const valueEnd = file.text.slice(0, last.range[1]).trimEnd().length;
  const insertAt = lineEnd(file.text, Math.max(valueEnd - 1, 0));
  if (bodyCol <= dashCol)
    return none('the layout of `updates:` could not be read; add a github-actions updater by hand');
  // The template is written with the dash at column 0 and the body at column 2; move both to where this file has them.
  const lines = entry.map((l, i) =>
    i === 0 ? `${' '.repeat(dashCol)}-${' '.repeat(bodyCol - dashCol - 1)}${l.slice(2)}` : ' '.repeat(bodyCol - 2) + l,
  );
  const value: Record<string, unknown> = {
    'package-ecosystem': 'github-actions',
    schedule: { interval: opts.interval },
  };
  if (dirs.length === 1) value.directory = dirs[0];
  else value.directories = dirs;
  if (opts.cooldownDays > 0) value.cooldown = { 'default-days': opts.cooldownDays };
  return {
    kind: 'edit',
    path: file.path,
    result: {
      notes: [],
      edits: [
        {
          patches: [{ start: insertAt, end: insertAt, text: file.eol + lines.join(file.eol) }],
          ops: [{ kind: 'insert', path: ['updates'], index: updates.items.length, value }],
          ...positionAt(file, insertAt),
          // The whole `updates:` list, so an ignore comment on its key applies.
          span: { from: at.line, to: positionAt(file, insertAt).line },
          message: `added a github-actions updater for ${dirs.join(', ')}`,
        },
      ],
    },
  };
}
