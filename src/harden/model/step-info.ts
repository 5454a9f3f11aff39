import { actionKey, parseUses, type UsesRef } from './action-ref.js';
import type { StepRef } from './workflow-model.js';
import { stringOf, valueOf } from '../yaml/ast.js';

export function stepUses(step: StepRef): UsesRef | undefined {
  const value = stringOf(valueOf(step.map, 'uses'));
  return value === undefined ? undefined : parseUses(value);
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
