import { isAlias, isScalar, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../types.js';
import { mapOf, pairOf, valueOf, type Path } from '../yaml/ast.js';
import { jobsOf, stepInFlow, stepsOf, type StepRef } from './workflow-model.js';

/** A `uses:` value in the file: a step's, or a job's call of a reusable workflow. */
export interface UsesSite {
  node: Node | null;
  path: Path;
  step: StepRef | undefined;
  /** Some enclosing collection is written in flow style (`[{uses: …}]`), where a comment cannot follow the value. */
  inFlow: boolean;
}

/** Every `uses:` of the file, read once per file like its jobs and steps: several rules walk them. Read-only. */
export function usesSites(file: SourceFile): UsesSite[] {
  const model = file.model as { uses?: UsesSite[] };
  return (model.uses ??= readUsesSites(file));
}

function readUsesSites(file: SourceFile): UsesSite[] {
  const sites: UsesSite[] = [];
  const jobsFlow = Boolean(mapOf(valueOf(file.doc.contents, 'jobs'))?.flow);
  for (const job of jobsOf(file)) {
    const pair = pairOf(job.map, 'uses');
    if (pair)
      sites.push({
        node: pair.value,
        path: [...job.path, 'uses'],
        step: undefined,
        inFlow: jobsFlow || Boolean(job.map?.flow),
      });
  }
  // Steps inside a `parallel:` group come with their own paths, so their pins verify like any other.
  for (const step of stepsOf(file)) {
    const pair = pairOf(step.map, 'uses');
    if (!pair) continue;
    sites.push({
      node: pair.value,
      path: [...step.path, 'uses'],
      step,
      inFlow: stepInFlow(file, step) || Boolean(step.map?.flow),
    });
  }
  return sites;
}

/** A single-line plain or simply quoted string scalar whose source text holds its value verbatim, or why not. */
export function editableScalar(
  file: SourceFile,
  node: Node | null,
): { scalar: Scalar<string>; raw: string; body: number } | string {
  if (isAlias(node)) return 'it is an alias of another node';
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return 'it is not a plain string';
  if (node.anchor) return 'it carries an anchor that other nodes alias';
  const raw = file.text.slice(node.range[0], node.range[1]);
  if (raw.includes('\n')) return 'it spans several lines';
  const quote = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE' ? 1 : 0;
  if (node.type !== 'PLAIN' && !quote) return 'it is a block scalar';
  if (raw.slice(quote, raw.length - quote) !== node.value) return 'its quoted form has escapes';
  return { scalar: node as Scalar<string>, raw, body: node.range[0] + quote };
}
