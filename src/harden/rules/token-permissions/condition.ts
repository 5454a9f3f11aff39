import type { InputCondition } from '../../knowledge/action-permissions.js';
import { resolveEnvValue, type ExpressionScope } from './token-expression.js';

export type Truth = boolean | 'unknown';

/** Evaluates a knowledge-base `when` against the step's `with:` (keys lower-cased). */
export function conditionHolds(
  when: InputCondition | readonly InputCondition[] | undefined,
  inputs: ReadonlyMap<string, string>,
  scope: ExpressionScope,
): Truth {
  if (when === undefined) return true;
  let result: Truth = true;
  for (const c of Array.isArray(when) ? when : [when as InputCondition]) {
    const one = single(c, inputs, scope);
    if (one === false) return false;
    if (one === 'unknown') result = 'unknown';
  }
  return result;
}

function single(c: InputCondition, inputs: ReadonlyMap<string, string>, scope: ExpressionScope): Truth {
  const raw = inputs.get(c.input.toLowerCase());
  const value = raw === undefined ? (c.default ?? '') : resolveEnvValue(raw, scope);
  const list = (v: string | string[] | undefined) =>
    v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map((x) => x.toLowerCase());
  const equals = list(c.equals);
  const notEquals = list(c.notEquals);
  const includes = list(c.includes);
  if (includes) {
    if (value === undefined) return 'unknown';
    const split = (v: string) =>
      v
        .toLowerCase()
        .split(/[\s,]+/)
        .filter(Boolean);
    const items = split(value).length > 0 ? split(value) : split(c.default ?? '');
    return includes.some((v) => items.includes(v));
  }
  if (value === undefined) {
    // An expression: taken to be set and non-empty (whoever wrote it meant a value), but its exact value is unknown.
    const against = equals ?? notEquals;
    if (!against) return true;
    if (against.every((v) => v === '')) return notEquals !== undefined;
    return 'unknown';
  }
  const v = value.trim().toLowerCase();
  if (equals) return equals.includes(v);
  if (notEquals) return !notEquals.includes(v);
  return v !== '';
}
