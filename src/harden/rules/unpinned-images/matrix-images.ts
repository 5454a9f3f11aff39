import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { JobRef } from '../../model/workflow-model.js';
import type { SourceFile } from '../../types.js';
import { keyName, mapOf, seqOf, stringOf, valueOf } from '../../yaml/ast.js';
import { bareContext, contextRefs, findExpressions } from '../template-injection/expressions.js';

/** One image a job may run with, once its matrix is expanded. */
export interface Expansion {
  image: string;
  /** How it came about, for messages: `matrix.image = node:20`. */
  via: string;
  /** The matrix value the image is, when the fix may pin it there. */
  valueNode: Scalar | undefined;
}

export type ExpandedImage =
  | { kind: 'literal' }
  | { kind: 'expanded'; expansions: Expansion[]; notPinnable: string | undefined }
  | { kind: 'opaque'; reason: string };

const MAX_COMBINATIONS = 64;

/**
 * The images `${{ matrix.* }}` in an image name stands for: every value the job's matrix (its lists and `include:`
 * entries) gives each key, in every combination. Anything else in the expression cannot be known before the run.
 * `elsewhere` are the spans of the job's other image names, which may use the same key without blocking the fix.
 */
export function expandImage(
  file: SourceFile,
  job: JobRef | undefined,
  image: string,
  elsewhere: readonly [number, number][],
): ExpandedImage {
  const spans = findExpressions(image);
  if (spans.length === 0) return { kind: 'literal' };
  const keys: string[] = [];
  for (const span of spans) {
    const path = bareContext(span.inner);
    if (!path || path.segments[0] !== 'matrix' || path.segments.length < 2 || path.filter) {
      return {
        kind: 'opaque',
        reason: `${image} is computed by an expression, so the image it names is known only when the job runs`,
      };
    }
    keys.push(path.segments.slice(1).join('.'));
  }
  const matrix = valueOf(valueOf(job?.map, 'strategy'), 'matrix');
  if (!isMap(matrix))
    return { kind: 'opaque', reason: `${image} comes from a matrix that is not written out in the workflow` };
  const values = new Map<string, { value: string; node: Scalar | undefined }[]>();
  for (const key of new Set(keys)) {
    const found = matrixValues(matrix, key);
    if (typeof found === 'string') return { kind: 'opaque', reason: found };
    values.set(key, found);
  }
  const distinct = [...values.keys()];
  const total = distinct.reduce((n, k) => n * values.get(k)!.length, 1);
  if (total > MAX_COMBINATIONS)
    return { kind: 'opaque', reason: `${image} expands to ${total} images, more than are checked one by one` };

  const single = spans.length === 1 && image.trim() === image.slice(spans[0]!.start, spans[0]!.end);
  const notPinnable = !single
    ? 'the image name joins a matrix value with other text, so the digest belongs to no one value'
    : usedElsewhere(file, job!, matrix, distinct[0]!.split('.')[0]!, elsewhere);
  const expansions: Expansion[] = [];
  const combine = (i: number, chosen: Map<string, { value: string; node: Scalar | undefined }>) => {
    if (i === distinct.length) {
      let text = '';
      let at = 0;
      spans.forEach((span, k) => {
        text += image.slice(at, span.start) + chosen.get(keys[k]!)!.value;
        at = span.end;
      });
      text += image.slice(at);
      const via = distinct.map((k) => `matrix.${k} = ${chosen.get(k)!.value}`).join(', ');
      expansions.push({ image: text, via, valueNode: single ? chosen.get(distinct[0]!)!.node : undefined });
      return;
    }
    for (const v of values.get(distinct[i]!)!) combine(i + 1, new Map([...chosen, [distinct[i]!, v]]));
  };
  combine(0, new Map());
  return { kind: 'expanded', expansions, notPinnable };
}

/**
 * The values a matrix gives one key (`image`, or `build.container` for a list of objects): its list, and the
 * `include:` entries that set it. An item without the nested key gives none.
 */
function matrixValues(matrix: Node, key: string): { value: string; node: Scalar | undefined }[] | string {
  const [head, ...rest] = key.split('.');
  const out: { value: string; node: Scalar | undefined }[] = [];
  const take = (item: unknown): string | undefined => {
    let node = item;
    for (const segment of rest) {
      const inner = mapOf(node)?.items.find((p) => keyName(p)?.toLowerCase() === segment);
      if (!inner) return isMap(node) ? undefined : `matrix.${key} reads into a value that is not an object`;
      node = inner.value;
    }
    const value = isScalar(node) ? stringOf(node) : undefined;
    if (!isScalar(node) || value === undefined) return `matrix.${key} has a value that is not a plain string`;
    if (value.includes('${{')) return `matrix.${key} has a value computed by an expression`;
    out.push({ value, node });
    return undefined;
  };
  for (const pair of mapOf(matrix)!.items) {
    const name = keyName(pair);
    if (name === undefined) continue;
    if (name.toLowerCase() === head) {
      const list = seqOf(pair.value);
      if (!list)
        return `matrix.${key} is ${isScalar(pair.value) ? 'an expression' : 'not a list'}, so its values are known only when the job runs`;
      for (const item of list.items) {
        const problem = take(item);
        if (problem) return problem;
      }
    }
    if (name === 'include') {
      if (!isSeq(pair.value))
        return 'the matrix include: is an expression, so its values are known only when the job runs';
      for (const entry of pair.value.items) {
        for (const inner of mapOf(entry)?.items ?? []) {
          if (keyName(inner)?.toLowerCase() !== head) continue;
          const problem = take(inner.value);
          if (problem) return problem;
        }
      }
    }
  }
  return out.length > 0 ? out : `matrix.${key} has no value in the job's matrix`;
}

/** Why pinning the values of `key` would change more than the image: another use of it, or an `exclude:` naming it. */
function usedElsewhere(
  file: SourceFile,
  job: JobRef,
  matrix: Node,
  key: string,
  skip: readonly [number, number][],
): string | undefined {
  for (const entry of seqOf(valueOf(matrix, 'exclude'))?.items ?? []) {
    if (mapOf(entry)?.items.some((p) => keyName(p)?.toLowerCase() === key))
      return `an exclude: entry matches on matrix.${key}, and would no longer match a pinned value`;
  }
  const range = job.pair.value?.range;
  if (!range) return 'the job has no position';
  let text = file.text.slice(range[0], range[1]);
  for (const [from, to] of [...skip].sort((a, b) => b[0] - a[0])) {
    if (from >= range[0] && to <= range[1]) text = text.slice(0, from - range[0]) + text.slice(to - range[0]);
  }
  for (const span of findExpressions(text)) {
    for (const ref of contextRefs(span.inner) ?? []) {
      if (ref.segments[0] === 'matrix' && (ref.segments.length === 1 || ref.dynamic || ref.segments[1] === key)) {
        return `the job reads matrix.${key} elsewhere (${span.inner.trim()}), where a digest would change what it reads`;
      }
    }
  }
  return undefined;
}
