import { isAlias, isScalar, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { keyName, mapOf, seqOf, stringOf, valueOf, type Path } from '../yaml/ast.js';
import type { SourceFile } from '../types.js';
import type { UsesRef } from './action-ref.js';

export interface JobRef {
  id: string;
  pair: Pair<Scalar, Node | null>;
  /** Undefined when the job is not a plain mapping (an alias, say): rules leave such jobs alone. */
  map: YAMLMap<Scalar, Node | null> | undefined;
  path: Path;
  /** Its steps, once read (see stepsOfJob). */
  steps?: readonly StepRef[];
}

/**
 * What an item of `steps:` (or of a `parallel:` group) is: a step that runs something (`uses:`/`run:`, or a
 * mapping of unknown shape), a `parallel:` group, or one of the pseudo-steps, which run nothing.
 */
export type StepForm = 'step' | 'parallel' | 'wait' | 'wait-all' | 'cancel';

export interface StepRef {
  /** Undefined for the steps of a composite action. */
  job: JobRef | undefined;
  /** Position in the sequence that holds the item: `steps:`, or its group's `parallel:`. */
  index: number;
  node: Node | null;
  map: YAMLMap<Scalar, Node | null> | undefined;
  /** e.g. `['jobs', id, 'steps', 3]`, or `['jobs', id, 'steps', 3, 'parallel', 1]` inside a group. */
  path: Path;
  form: StepForm;
  /** Index in `steps:` of the `parallel:` group the step runs in; undefined for an item of `steps:` itself. */
  group: number | undefined;
  /** `background: true`: the step starts and the job goes on without waiting for it. */
  background: boolean;
  /** The sequence holding the item, and the group items around it (outermost first), for layout checks. */
  seq: YAMLSeq<Node | null>;
  enclosing: readonly StepRef[];
  /** Its `uses:`, once read (see stepUses); null when it has none. */
  uses?: UsesRef | null;
}

/** What the model remembers on a parsed file; rules share it read-only. */
interface FileModel {
  jobs?: readonly JobRef[];
  steps?: readonly StepRef[];
  composite?: readonly StepRef[];
}
const modelOf = (file: SourceFile) => file.model as FileModel;

/** The workflow's jobs, read once per file. */
export function jobsOf(file: SourceFile): readonly JobRef[] {
  return (modelOf(file).jobs ??= readJobs(file));
}

function readJobs(file: SourceFile): JobRef[] {
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

/** The job's steps in document order; a `parallel:` group is followed by the steps inside it. */
export function stepsOfJob(job: JobRef): readonly StepRef[] {
  if (job.steps) return job.steps;
  const steps = seqOf(valueOf(job.map, 'steps'));
  return (job.steps = steps ? itemsOf(steps, job, [...job.path, 'steps'], []) : []);
}

/** `runs.steps` of a composite action; empty for JavaScript and Docker actions. */
export function compositeSteps(file: SourceFile): readonly StepRef[] {
  return (modelOf(file).composite ??= readCompositeSteps(file));
}

function readCompositeSteps(file: SourceFile): StepRef[] {
  if (file.kind !== 'action') return [];
  const runs = valueOf(file.doc.contents, 'runs');
  if (stringOf(valueOf(runs, 'using')) !== 'composite') return [];
  const steps = seqOf(valueOf(runs, 'steps'));
  return steps ? itemsOf(steps, undefined, ['runs', 'steps'], []) : [];
}

/** Every step of the file in document order: each job's steps, or a composite action's. */
export function stepsOf(file: SourceFile): readonly StepRef[] {
  return (modelOf(file).steps ??= file.kind === 'action' ? compositeSteps(file) : jobsOf(file).flatMap(stepsOfJob));
}

/** A `wait:`, `wait-all:` or `cancel:` item: it has no `uses:` or `run:` and runs nothing. */
export function isPseudoStep(step: StepRef): boolean {
  return step.form === 'wait' || step.form === 'wait-all' || step.form === 'cancel';
}

/** Whether a collection around the step (not the step itself) is written in flow style. */
export function stepInFlow(file: SourceFile, step: StepRef): boolean {
  const root = file.doc.contents;
  const outer = step.job ? [mapOf(valueOf(root, 'jobs')), step.job.map] : [mapOf(valueOf(root, 'runs'))];
  return [mapOf(root), ...outer, ...step.enclosing.flatMap((g) => [g.seq, g.map]), step.seq].some((n) =>
    Boolean(n?.flow),
  );
}

function itemsOf(
  seq: YAMLSeq<Node | null>,
  job: JobRef | undefined,
  at: Path,
  enclosing: readonly StepRef[],
): StepRef[] {
  const out: StepRef[] = [];
  seq.items.forEach((node, index) => {
    const map = isAlias(node) ? undefined : mapOf(node);
    const form = formOf(map);
    const group = enclosing[0]?.index;
    const step: StepRef = {
      job,
      index,
      node,
      map,
      path: [...at, index],
      form,
      group,
      background: isTrue(valueOf(map, 'background')),
      seq,
      enclosing,
      uses: undefined,
    };
    out.push(step);
    const inner = form === 'parallel' ? seqOf(valueOf(map, 'parallel')) : undefined;
    if (inner) out.push(...itemsOf(inner, job, [...at, index, 'parallel'], [...enclosing, step]));
  });
  return out;
}

/** One pass over the step's keys: every rule walks every step, so this runs often. */
function formOf(map: YAMLMap<Scalar, Node | null> | undefined): StepForm {
  if (!map) return 'step';
  let keys: Set<string> | undefined;
  for (const pair of map.items) {
    const k = keyName(pair);
    if (k === 'uses' || k === 'run') return 'step';
    if (k === 'parallel' || k === 'wait-all' || k === 'wait' || k === 'cancel') (keys ??= new Set()).add(k);
  }
  return (['parallel', 'wait-all', 'wait', 'cancel'] as const).find((k) => keys?.has(k)) ?? 'step';
}

function isTrue(node: unknown): boolean {
  return isScalar(node) && (node.value === true || node.value === 'true');
}
