import { isMap, type Node } from 'yaml';
import { keyName, stringOf } from '../../yaml/ast.js';
import type { ExpressionScope, TokenKind } from './token-expression.js';

/** The literal string values of an `env:` (or `with:`) map; other values are left out. Keys keep their case. */
export function literalMap(node: Node | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!isMap(node)) return out;
  for (const pair of node.items) {
    const key = keyName(pair as never);
    const value = stringOf(pair.value);
    if (key !== undefined && value !== undefined) out.set(key, value);
  }
  return out;
}

/** Inputs are matched without regard to case, as the runner does. */
export function inputMap(node: Node | null | undefined): Map<string, string> {
  return new Map([...literalMap(node)].map(([k, v]) => [k.toLowerCase(), v]));
}

/** Env layers from the innermost (the step's) outwards. */
export function expressionScope(
  envLayers: readonly ReadonlyMap<string, string>[],
  input: (name: string) => TokenKind | undefined,
): ExpressionScope {
  return {
    env: (name) => {
      for (const layer of envLayers) {
        const v = layer.get(name);
        if (v !== undefined) return v;
      }
      return undefined;
    },
    input,
  };
}

/** In a workflow, `inputs.*` come from a caller or a dispatch Rampart cannot see. */
export const noInputs = (): undefined => undefined;
