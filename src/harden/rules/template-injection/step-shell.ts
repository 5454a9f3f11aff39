import { runnerOf } from '../../model/runner.js';
import type { StepRef } from '../../model/workflow-model.js';
import type { SourceFile } from '../../types.js';
import { stringOf, valueOf } from '../../yaml/ast.js';

/** The shell family a step's script runs in, or why it is not one the fix can write for. */
export type StepShell = { family: 'sh' | 'pwsh'; name: string } | { family: undefined; reason: string };

/**
 * The step's shell: its own `shell:`, else the job's then the workflow's `defaults.run.shell`, else the runner
 * default (bash on Linux and macOS, pwsh on Windows). Composite action steps must name their shell.
 */
export function stepShell(file: SourceFile, step: StepRef, linuxLabels: readonly string[]): StepShell {
  const own = valueOf(step.map, 'shell');
  if (own !== undefined) return classify(own, 'the step');
  if (!step.job) return { family: undefined, reason: 'the composite action step names no shell' };
  const jobDefault = valueOf(valueOf(valueOf(step.job.map, 'defaults'), 'run'), 'shell');
  if (jobDefault !== undefined) return classify(jobDefault, "the job's defaults.run");
  const fileDefault = valueOf(valueOf(valueOf(file.doc.contents, 'defaults'), 'run'), 'shell');
  if (fileDefault !== undefined) return classify(fileDefault, "the workflow's defaults.run");
  const os = runnerOf(step.job, linuxLabels).os;
  if (os.size === 1 && os.has('windows')) return { family: 'pwsh', name: 'pwsh' };
  if ([...os].every((o) => o === 'linux' || o === 'macos')) return { family: 'sh', name: 'bash' };
  return {
    family: undefined,
    reason:
      os.size > 1
        ? 'the job runs on several operating systems with different default shells'
        : 'the runner, and so its default shell, is not known',
  };
}

function classify(node: unknown, where: string): StepShell {
  const shell = stringOf(node)?.trim();
  if (shell === undefined || shell.includes('${{'))
    return { family: undefined, reason: `the shell set by ${where} is an expression` };
  if (shell === 'bash' || shell === 'sh' || shell === 'zsh') return { family: 'sh', name: shell };
  if (shell === 'pwsh' || shell === 'powershell') return { family: 'pwsh', name: shell };
  if (shell === 'cmd') {
    // cmd expands %VAR% before it parses the line, so the value would still be read as commands.
    return {
      family: undefined,
      reason: 'cmd re-parses %VAR% expansions as commands, so an env variable would not make it safe',
    };
  }
  if (shell.includes('{0}'))
    return { family: undefined, reason: `the custom shell "${shell}" is not one the fix understands` };
  return { family: undefined, reason: `the shell "${shell}" is not one the fix understands` };
}
