import type { Node, Scalar, YAMLMap } from 'yaml';
import type { JobRef } from '../model/workflow-model.js';
import type { RepoView } from '../rule.js';
import { stringOf, valueOf } from '../yaml/ast.js';
import type { NamedThing, RunScriptContext } from './read-run-script.js';

/** The job's name and id, where an unreadable script's purpose may show. */
export function jobNames(job: JobRef | undefined): NamedThing[] {
  if (!job) return [];
  const name = stringOf(valueOf(job.map, 'name'));
  return [...(name ? [{ label: "the job's name", text: name }] : []), { label: "the job's id", text: job.id }];
}

/** How a `run:` step's script is judged: the step's name before the job's, the files given, its working directory. */
export function runScriptContext(
  step: YAMLMap<Scalar, Node | null>,
  around: readonly NamedThing[],
  repo: RepoView,
): RunScriptContext {
  const name = stringOf(valueOf(step, 'name'));
  const dir = stringOf(valueOf(step, 'working-directory'));
  return {
    names: [...(name ? [{ label: "the step's name", text: name }] : []), ...around],
    fileText: (path) => repo.text(path),
    ...(dir ? { workingDirectory: dir } : {}),
  };
}
