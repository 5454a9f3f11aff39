import type { LineSpan } from '../rule.js';
import type { SourceFile } from '../types.js';
import { positionOfNode, spanOfNode } from '../yaml/ast.js';
import type { JobRef } from './workflow-model.js';

/** A finding about a job points at its key; an ignore comment anywhere in the job applies to it. */
export function locateJob(file: SourceFile, job: JobRef): { line: number; column: number; span?: LineSpan } {
  const key = positionOfNode(file, job.pair.key);
  const to = spanOfNode(file, job.pair.value)?.to ?? key.line;
  return { ...key, ...(to > key.line ? { span: { from: key.line, to } } : {}) };
}
