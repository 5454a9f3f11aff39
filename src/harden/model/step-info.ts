import { actionKey, parseUses, type UsesRef } from './action-ref.js';
import type { StepRef } from './workflow-model.js';
import { stringOf, valueOf } from '../yaml/ast.js';

/** Read once per step: most rules ask it of every step. */
export function stepUses(step: StepRef): UsesRef | undefined {
  if (step.uses === undefined) {
    const value = stringOf(valueOf(step.map, 'uses'));
    step.uses = value === undefined ? null : parseUses(value);
  }
  return step.uses ?? undefined;
}

/** The lower-cased `owner/repo[/path]` a step uses, for remote actions only. */
export function stepActionKey(step: StepRef): string | undefined {
  const uses = stepUses(step);
  return uses?.kind === 'remote' ? actionKey(uses.action) : undefined;
}

export function stepRun(step: StepRef): string | undefined {
  return stringOf(valueOf(step.map, 'run'));
}

export function isActionStep(step: StepRef, key: string): boolean {
  return stepActionKey(step) === key;
}
