import { posix } from 'node:path';
import { isMap } from 'yaml';
import { jobsOf } from '../../model/workflow-model.js';
import type { RepoView } from '../../rule.js';
import { keyName, mapOf, pairOf, stringOf, valueOf } from '../../yaml/ast.js';
import { contextRefs, findExpressions } from '../template-injection/expressions.js';

/**
 * The secrets a reusable workflow in the repository declares (`on.workflow_call.secrets`), in its own spelling, or
 * why passing exactly those could break it: with `secrets: inherit` it may read any secret of the caller, declared or
 * not, and pass them all on to what it calls.
 */
export function calleeSecrets(repo: RepoView, uses: string): string[] | string {
  const path = posix.normalize(uses.replace(/^\.\//, ''));
  const callee = repo.parsed.get(path);
  if (!callee || callee.kind !== 'workflow') {
    return repo.paths.has(path)
      ? `${uses} could not be read as a workflow`
      : `${uses} is not among the files given, so the secrets it declares are not known`;
  }
  const call = valueOf(valueOf(callee.doc.contents, 'on'), 'workflow_call');
  const declared = mapOf(valueOf(call, 'secrets'));
  if (valueOf(call, 'secrets') && !declared) return `${uses} declares its secrets in a form that could not be read`;
  const names = (declared?.items ?? []).map((p) => keyName(p)).filter((n): n is string => n !== undefined);
  const known = new Set(names.map((n) => n.toLowerCase()));
  for (const span of findExpressions(callee.text)) {
    for (const ref of contextRefs(span.inner) ?? []) {
      if (ref.segments[0] !== 'secrets') continue;
      const name = ref.segments[1];
      if (name === undefined || name === '*' || ref.dynamic)
        return `${uses} reads the secrets context as a whole (${span.inner.trim()}), so it may need any secret`;
      if (name !== 'github_token' && !known.has(name))
        return `${uses} reads secrets.${name}, which it does not declare under on.workflow_call.secrets (inherit passes it anyway)`;
    }
  }
  for (const job of jobsOf(callee)) {
    if (isMap(job.map) && stringOf(pairOf(job.map, 'secrets')?.value) === 'inherit') {
      return `${uses} passes every secret it gets on to ${stringOf(valueOf(job.map, 'uses')) ?? 'another workflow'} (secrets: inherit in job ${job.id})`;
    }
  }
  return names;
}
