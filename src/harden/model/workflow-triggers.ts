import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import type { SourceFile } from '../types.js';
import { keyName, pairOf, stringOf } from '../yaml/ast.js';

/** One event under `on:`, with its configuration (filters, types) when written as a mapping. */
export interface WorkflowTrigger {
  name: string;
  config: Node | null | undefined;
}

/** The events a workflow runs on: `on: push`, `on: [push, release]` or `on: {push: {tags: […]}}`. */
export function workflowTriggers(file: SourceFile): WorkflowTrigger[] {
  const on = onPair(file)?.value;
  if (isScalar(on)) return stringOf(on) ? [{ name: stringOf(on)!, config: undefined }] : [];
  if (isSeq(on)) return on.items.flatMap((i) => (stringOf(i) ? [{ name: stringOf(i)!, config: undefined }] : []));
  if (isMap(on)) {
    return (on.items as Pair<Scalar, Node | null>[]).flatMap((p) => {
      const name = keyName(p);
      return name ? [{ name, config: p.value }] : [];
    });
  }
  return [];
}

/** The `on:` entry, where findings about the triggers point. */
export function onPair(file: SourceFile): Pair<Scalar, Node | null> | undefined {
  return pairOf(file.doc.contents, 'on');
}
