import { isMap, isScalar, type Node } from 'yaml';
import { jobsOf } from '../../model/workflow-model.js';
import type { SourceFile } from '../../types.js';
import { keyName, pairOf, stringOf, valueOf } from '../../yaml/ast.js';
import { contextRefs, findExpressions } from '../template-injection/expressions.js';

/** What a workflow hands the code it runs: secrets by name, and whether its token can write. */
export interface Exposure {
  /** Secret names it reads (GITHUB_TOKEN aside), `*` for all of them (`toJSON(secrets)`, `secrets: inherit`). */
  secrets: string[];
  /**
   * `write`: some job's `permissions:` grants a write scope (or `write-all`); `default`: some job has no
   * `permissions:` at all, so it gets the repository's default, which is write unless the repository restricts it;
   * `read`: every job's token is read-only.
   */
  token: 'write' | 'default' | 'read';
}

export function tokenExposure(file: SourceFile): Exposure {
  const secrets = new Set<string>();
  for (const span of findExpressions(file.text)) {
    for (const ref of contextRefs(span.inner) ?? []) {
      if (ref.segments[0] !== 'secrets') continue;
      const name = ref.segments[1];
      if (name === undefined || ref.dynamic || name === '*') secrets.add('*');
      else if (name !== 'github_token') secrets.add(name.toUpperCase());
    }
  }
  const top = grants(valueOf(file.doc.contents, 'permissions'));
  let token: Exposure['token'] = 'read';
  for (const job of jobsOf(file)) {
    if (stringOf(pairOf(job.map, 'secrets')?.value) === 'inherit') secrets.add('*');
    const own = pairOf(job.map, 'permissions') ? grants(valueOf(job.map, 'permissions')) : top;
    if (own === 'write') token = 'write';
    else if (own === undefined && token === 'read') token = 'default';
  }
  return { secrets: [...secrets].sort(), token };
}

/** What one `permissions:` value grants; undefined when there is none (the repository default applies). */
function grants(node: Node | null | undefined): 'write' | 'read' | undefined {
  if (node === undefined) return undefined;
  // `permissions:` with no value, like `{}`, grants nothing.
  if (node === null || (isScalar(node) && node.value === null)) return 'read';
  const value = stringOf(node);
  if (value !== undefined) return value === 'read-all' ? 'read' : 'write';
  if (isMap(node))
    return node.items.some((p) => keyName(p) !== undefined && stringOf(p.value) === 'write') ? 'write' : 'read';
  return 'write';
}
