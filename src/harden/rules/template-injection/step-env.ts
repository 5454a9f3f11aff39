import { isAlias, isCollection, isMap, isScalar, type Node, type Scalar } from 'yaml';
import type { StepRef } from '../../model/workflow-model.js';
import type { SourceFile } from '../../types.js';
import {
  columnAt,
  indentUnit,
  keyName,
  lineEnd,
  lineStart,
  pairOf,
  startsLine,
  stringOf,
  valueOf,
} from '../../yaml/ast.js';
import type { TextPatch } from '../../yaml/text-patch.js';
import { RESERVED_VARIABLES, RUNNER_DEFAULT_VARIABLES } from './dangerous-contexts.js';
import { bareContext, findExpressions, pathKey, variableName, type ContextPath } from './expressions.js';

/** Variables visible to a step (workflow, then job, then step `env:`): name → value text, undefined when not a scalar. */
export type VisibleEnv = Map<string, string | undefined>;

/** The env a step sees, or why its variable names cannot be known. */
export function visibleEnv(file: SourceFile, step: StepRef): VisibleEnv | string {
  const env: VisibleEnv = new Map();
  const levels: [Node | null | undefined, string][] = [
    [file.kind === 'workflow' ? valueOf(file.doc.contents, 'env') : undefined, "the workflow's"],
    [valueOf(step.job?.map, 'env'), "the job's"],
    // GitHub does not document env: on a parallel: group; if one is there, its names count as taken.
    ...step.enclosing.map((g): [Node | null | undefined, string] => [valueOf(g.map, 'env'), "the parallel group's"]),
    [valueOf(step.map, 'env'), "the step's"],
  ];
  for (const [node, where] of levels) {
    if (node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === undefined)))
      continue;
    if (isAlias(node)) return `${where} env: is an alias, so its variable names are not checked`;
    if (!isMap(node)) return `${where} env: is not a mapping (an expression?), so its variable names are not known`;
    for (const pair of node.items) {
      const name = keyName(pair);
      if (name !== undefined) env.set(name, stringOf(pair.value));
    }
  }
  return env;
}

export interface Binding {
  name: string;
  /** False when the variable already holds the value: an identical env entry, or a runner default. */
  add: boolean;
}

const dotted = (path: ContextPath) => path.segments.join('.');

/**
 * The variable a context is read from: an existing entry with the same bare expression, the runner's own variable,
 * or a new name derived from the context that nothing visible uses for something else.
 */
export function bindVariable(path: ContextPath, env: VisibleEnv, script: string, taken: ReadonlySet<string>): Binding {
  const key = pathKey(path);
  for (const [name, value] of env) {
    // The runner's own variables win over env: entries of the same name, so such an entry never holds its value.
    if (value === undefined || RESERVED_VARIABLES.has(name)) continue;
    const spans = findExpressions(value);
    if (spans.length !== 1 || value.trim() !== value.slice(spans[0]!.start, spans[0]!.end)) continue;
    const existing = bareContext(spans[0]!.inner);
    if (existing && pathKey(existing) === key) return { name, add: false };
  }
  const runnerName = RUNNER_DEFAULT_VARIABLES.get(dotted(path));
  if (runnerName && !env.has(runnerName) && !taken.has(runnerName)) return { name: runnerName, add: false };
  const base = variableName(path);
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    if (env.has(name) || RESERVED_VARIABLES.has(name) || taken.has(name) || usesWord(script, name)) continue;
    return { name, add: true };
  }
}

function usesWord(script: string, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${name}([^A-Za-z0-9_]|$)`).test(script);
}

/** `${{ … }}` as a block-map value: plain when that reads back unchanged, else single-quoted. */
export function yamlValue(value: string): string {
  const plainSafe =
    !/: |\s#|:$|[\t\r\n]/.test(value) && /^[^\s'"&*!|>%@`#,[\]{}?:-]/.test(value) && value === value.trim();
  return plainSafe ? value : `'${value.replace(/'/g, "''")}'`;
}

/**
 * The patch that adds `entries` to the step's env: into an existing block mapping after its last entry (before its
 * first when the last value is a block scalar or collection, whose end is not a line to append after), or as a new
 * block `env:` written just before the step's `run:` key. Returns why not for flow-style, aliased or anchored env.
 */
export function envPatch(
  file: SourceFile,
  step: StepRef,
  runKey: Scalar,
  entries: readonly { name: string; value: string }[],
): TextPatch | string {
  const { text, eol } = file;
  const line = (col: number, e: { name: string; value: string }) =>
    `${' '.repeat(col)}${e.name}: ${yamlValue(e.value)}`;
  const envPair = pairOf(step.map, 'env');
  if (!envPair) {
    if (!runKey.range) return 'the run: key has no position';
    const at = runKey.range[0];
    if (!/^\s*(-\s+)*$/.test(text.slice(lineStart(text, at), at))) return 'the run: key does not start its line';
    const col = columnAt(text, at);
    const unit = indentUnit(file);
    return {
      start: at,
      end: at,
      text: `env:${eol}${entries.map((e) => line(col + unit, e) + eol).join('')}${' '.repeat(col)}`,
    };
  }
  const env = envPair.value;
  if (isAlias(env)) return 'the step env: is an alias';
  if (!isMap(env)) return 'the step env: is empty or not a mapping';
  if (env.flow) return 'the step env: is written in flow style ({ … }), where a new entry would need re-formatting';
  if (env.anchor) return 'the step env: carries an anchor that other nodes alias';
  const first = env.items[0];
  const last = env.items[env.items.length - 1];
  const firstKey = first?.key as Node | undefined;
  if (!first || !last || !firstKey?.range || !startsLine(text, firstKey.range[0]))
    return 'the step env: has an unexpected layout';
  const col = columnAt(text, firstKey.range[0]);
  const lastValue = last.value as Node | null;
  if ((isScalar(lastValue) && lastValue.type?.startsWith('BLOCK')) || isCollection(lastValue)) {
    const at = lineStart(text, firstKey.range[0]);
    return { start: at, end: at, text: entries.map((e) => line(col, e) + eol).join('') };
  }
  const anchor = lastValue?.range?.[1] ?? (last.key as Node | undefined)?.range?.[1];
  if (anchor === undefined) return 'the step env: has an unexpected layout';
  const at = lineEnd(text, anchor);
  return { start: at, end: at, text: entries.map((e) => eol + line(col, e)).join('') };
}
