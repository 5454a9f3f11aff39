import { isAlias, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { keyName, mapOf, seqOf, stringOf, valueOf, type Path } from '../yaml/ast.js';
import type { SourceFile } from '../types.js';

export interface JobRef {
  id: string;
  pair: Pair<Scalar, Node | null>;
  /** Undefined when the job is not a plain mapping (an alias, say): rules leave such jobs alone. */
  map: YAMLMap<Scalar, Node | null> | undefined;
  path: Path;
}

export interface StepRef {
  /** Undefined for the steps of a composite action. */
  job: JobRef | undefined;
  index: number;
  node: Node | null;
  map: YAMLMap<Scalar, Node | null> | undefined;
  path: Path;
}

export function jobsOf(file: SourceFile): JobRef[] {
  if (file.kind !== 'workflow') return [];
  const jobs = mapOf(valueOf(file.doc.contents, 'jobs'));
  if (!jobs) return [];
  const out: JobRef[] = [];
  for (const pair of jobs.items) {
    const id = keyName(pair);
    if (id === undefined) continue;
    out.push({ id, pair, map: isAlias(pair.value) ? undefined : mapOf(pair.value), path: ['jobs', id] });
  }
  return out;
}

export function stepsOfJob(job: JobRef): StepRef[] {
  const steps = seqOf(valueOf(job.map, 'steps'));
  if (!steps) return [];
  return steps.items.map((node, index) => ({
    job,
    index,
    node,
    map: isAlias(node) ? undefined : mapOf(node),
    path: [...job.path, 'steps', index],
  }));
}

/** `runs.steps` of a composite action; empty for JavaScript and Docker actions. */
export function compositeSteps(file: SourceFile): StepRef[] {
  if (file.kind !== 'action') return [];
  const runs = valueOf(file.doc.contents, 'runs');
  if (stringOf(valueOf(runs, 'using')) !== 'composite') return [];
  const steps = seqOf(valueOf(runs, 'steps'));
  if (!steps) return [];
  return steps.items.map((node, index) => ({
    job: undefined,
    index,
    node,
    map: isAlias(node) ? undefined : mapOf(node),
    path: ['runs', 'steps', index],
  }));
}

/** Every step of the file in document order: each job's steps, or a composite action's. */
export function stepsOf(file: SourceFile): StepRef[] {
  if (file.kind === 'action') return compositeSteps(file);
  return jobsOf(file).flatMap(stepsOfJob);
}
