import { isMap } from 'yaml';
import type { SourceFile } from '../../types.js';
import { keyName, mapOf, stringOf, valueOf } from '../../yaml/ast.js';
import { DEFAULT_SOURCES, type TaintPattern, type TaintSources } from './expressions.js';

/** Input types whose value is a number, a boolean or one of a fixed list: no room for shell syntax. */
const SAFE_TYPES = new Set(['boolean', 'number', 'choice', 'environment']);

/**
 * The file's taint sources: the fixed list, plus its `inputs.*`. A composite action's inputs are whatever its caller
 * passes, an issue title as easily as a constant, so every one counts, with low confidence (zizmor weighs them the
 * same way). A workflow's inputs count when it can be called (`workflow_call`) or dispatched and the input is a
 * string; boolean, number and choice inputs cannot hold shell syntax.
 */
export function taintSources(file: SourceFile): TaintSources {
  if (file.kind === 'action') {
    const pattern: TaintPattern = {
      segments: ['inputs', '*'],
      path: 'inputs.*',
      reason: 'an input of this action, which the calling workflow may fill with attacker-controlled text',
      confidence: 'low',
      nameByReference: true,
    };
    return [...DEFAULT_SOURCES, pattern];
  }
  const on = valueOf(file.doc.contents, 'on');
  if (!isMap(on)) return DEFAULT_SOURCES;
  const types = new Map<string, Set<string>>();
  const triggers = new Map<string, Set<string>>();
  for (const trigger of ['workflow_call', 'workflow_dispatch']) {
    for (const pair of mapOf(valueOf(valueOf(on, trigger), 'inputs'))?.items ?? []) {
      const name = keyName(pair)?.toLowerCase();
      if (name === undefined) continue;
      const type = stringOf(valueOf(pair.value, 'type')) ?? 'string';
      (types.get(name) ?? types.set(name, new Set()).get(name)!).add(type);
      (triggers.get(name) ?? triggers.set(name, new Set()).get(name)!).add(trigger);
    }
  }
  const patterns: TaintPattern[] = [];
  for (const [name, declared] of types) {
    if ([...declared].every((t) => SAFE_TYPES.has(t))) continue;
    const called = triggers.get(name)!.has('workflow_call');
    patterns.push({
      segments: ['inputs', name],
      path: `inputs.${name}`,
      reason: called
        ? 'an input of this reusable workflow, which its caller may fill with attacker-controlled text'
        : 'a workflow_dispatch input, free text typed by whoever runs the workflow',
      confidence: 'low',
    });
  }
  return patterns.length === 0 ? DEFAULT_SOURCES : [...DEFAULT_SOURCES, ...patterns];
}
