import { stepRun, stepUses } from '../../model/step-info.js';
import { isPseudoStep, type StepRef } from '../../model/workflow-model.js';
import { stringOf, valueOf } from '../../yaml/ast.js';

/** `::set-env` and `::add-path`, the two commands the variable turns back on (`echo "::add-path::$DIR"`). */
const INSECURE_COMMAND = /::(set-env|add-path)\b/i;
/** GitHub's own actions, whose major tags moved to environment files in October 2020 (@actions/core 1.2.6). */
const FIRST_PARTY = /^(actions|github)\//i;

/**
 * Why a step in the variable's reach may still print `::set-env` or `::add-path`, which would fail once it is gone;
 * undefined when every step is known not to: scripts that do not print them, and GitHub's own actions on a major
 * tag. Any other action, pinned GitHub action or local action may have been built with a toolkit that prints them.
 */
export function stillNeeded(steps: readonly StepRef[]): string | undefined {
  for (const step of steps) {
    if (step.form !== 'step' || isPseudoStep(step)) continue;
    const where = stepLabel(step);
    const run = stepRun(step);
    const m = run === undefined ? null : INSECURE_COMMAND.exec(run);
    if (m) return `${where} prints \`::${m[1]!.toLowerCase()}\``;
    const uses = stepUses(step);
    if (!uses) continue;
    const written = stringOf(valueOf(step.map, 'uses')) ?? '';
    if (uses.kind !== 'remote' || !FIRST_PARTY.test(uses.action) || !/^v\d+$/.test(uses.ref)) {
      return `${where} uses ${written}, which may print \`::set-env\` or \`::add-path\``;
    }
  }
  return undefined;
}

/** `step 2 ("Build")` of the job, for messages. */
export function stepLabel(step: StepRef): string {
  const name = stringOf(valueOf(step.map, 'name'));
  const at = step.path.flatMap((p) => (typeof p === 'number' ? [p + 1] : [])).join('.');
  return `step ${at}${name ? ` ("${name}")` : ''}${step.job ? ` of job ${step.job.id}` : ''}`;
}
