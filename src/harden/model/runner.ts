import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { mapOf, seqOf, stringOf, valueOf } from '../yaml/ast.js';
import type { JobRef } from './workflow-model.js';

export type RunnerOs = 'linux' | 'windows' | 'macos' | 'unknown';

export interface Runner {
  /** Every OS the job may run on; a matrix can give several. */
  os: Set<RunnerOs>;
  /** Every label set runs on a GitHub-hosted image (no `self-hosted`, no runner group, no unknown label). */
  githubHosted: boolean;
  labels: string[];
}

const HOSTED: [RegExp, RunnerOs][] = [
  [/^ubuntu-(latest|slim|\d+\.\d+)(-arm)?$/i, 'linux'],
  [/^windows-(latest|\d+)(-arm)?$/i, 'windows'],
  [/^macos-(latest|\d+)(-(large|xlarge|intel))?$/i, 'macos'],
];

/**
 * What `runs-on` says about where a job runs. Labels that are matrix expressions are expanded from the job's
 * literal `strategy.matrix`; anything else that cannot be read makes the answer `unknown`, never a guess.
 * `linuxLabels` are extra labels the user declared to be Linux VMs (larger or self-hosted runners).
 */
export function runnerOf(job: JobRef, linuxLabels: readonly string[] = []): Runner {
  const runsOn = valueOf(job.map, 'runs-on');
  const labelSets = expandLabels(job, runsOn);
  const os = new Set<RunnerOs>();
  let githubHosted = labelSets.length > 0;
  const labels: string[] = [];
  for (const set of labelSets) {
    if (set === undefined) {
      os.add('unknown');
      githubHosted = false;
      continue;
    }
    labels.push(...set);
    const lower = set.map((l) => l.toLowerCase());
    if (lower.includes('self-hosted')) githubHosted = false;
    const hosted = set.map((l) => HOSTED.find(([re]) => re.test(l))?.[1]).find((o) => o !== undefined);
    const declared =
      set.some((l) => linuxLabels.includes(l)) || (lower.includes('self-hosted') && lower.includes('linux'));
    if (hosted) os.add(hosted);
    else if (declared) os.add('linux');
    else {
      if (lower.includes('windows')) os.add('windows');
      else if (lower.includes('macos')) os.add('macos');
      else os.add('unknown');
      githubHosted = false;
    }
    if (!hosted && set.some((l) => linuxLabels.includes(l))) githubHosted = false;
  }
  if (os.size === 0) os.add('unknown');
  return { os, githubHosted, labels };
}

/** Each possible label set; undefined for a set that cannot be known statically. */
function expandLabels(job: JobRef, runsOn: Node | null | undefined): (string[] | undefined)[] {
  if (isMap(runsOn)) {
    // A runner group names runners Rampart cannot see; labels alone still say something.
    const labels = valueOf(runsOn, 'labels');
    const group = valueOf(runsOn, 'group');
    if (group !== undefined) return [undefined];
    return expandLabels(job, labels ?? null);
  }
  if (isSeq(runsOn)) {
    const options: string[][] = [[]];
    let result: (string[] | undefined)[] = options;
    for (const item of runsOn.items) {
      const values = expandScalar(job, item);
      if (values === undefined) return [undefined];
      result = (result as string[][]).flatMap((prefix) => values.map((v) => [...prefix, v]));
    }
    return result;
  }
  if (isScalar(runsOn)) {
    const values = expandScalar(job, runsOn);
    return values === undefined ? [undefined] : values.map((v) => [v]);
  }
  return [undefined];
}

const MATRIX_REF = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/;

function expandScalar(job: JobRef, node: unknown): string[] | undefined {
  const value = stringOf(node);
  if (value === undefined) return undefined;
  if (!value.includes('${{')) return [value];
  const m = MATRIX_REF.exec(value.trim());
  if (!m) return undefined;
  const matrix = mapOf(valueOf(valueOf(job.map, 'strategy'), 'matrix'));
  if (!matrix) return undefined;
  const key = m[1]!;
  const values: string[] = [];
  const axis = valueOf(matrix, key);
  if (axis !== undefined) {
    const seq = seqOf(axis);
    if (!seq) return undefined;
    for (const item of seq.items) {
      const v = stringOf(item);
      if (v === undefined || v.includes('${{')) return undefined;
      values.push(v);
    }
  }
  const include = valueOf(matrix, 'include');
  if (include !== undefined) {
    const seq = seqOf(include);
    if (!seq) return undefined;
    for (const entry of seq.items) {
      const v = valueOf(entry, key);
      if (v === undefined) continue;
      const s = stringOf(v);
      if (s === undefined || s.includes('${{')) return undefined;
      values.push(s);
    }
  }
  return values.length > 0 ? [...new Set(values)] : undefined;
}
