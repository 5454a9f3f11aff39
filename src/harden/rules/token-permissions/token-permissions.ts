import type { PermissionScope } from '../../knowledge/action-permissions.js';
import { jobsOf } from '../../model/workflow-model.js';
import type { FileContext, FileRule, FileRuleResult, RuleNote } from '../../rule.js';
import { lineOfNode, mapOf, pairOf } from '../../yaml/ast.js';
import type { EditOp } from '../../yaml/expected-value.js';
import type { TextPatch } from '../../yaml/text-patch.js';
import { readPermissions } from './existing-permissions.js';
import { combine, needsMoreThanContentsRead, type ScopeGrant } from './needs.js';
import { jobBlockPatch, topLevelPatch } from './permissions-patch.js';
import { workflowNeeds } from './workflow-needs.js';

const NOT_ADDED = 'permissions not added';

export const tokenPermissions: FileRule = {
  id: 'token-permissions',
  scope: 'file',
  kinds: ['workflow'],
  defaultEnabled: true,
  title: 'Give GITHUB_TOKEN only the permissions each job needs',
  explanation:
    'Without a `permissions:` block every job gets the repository\'s default token, which in older repositories can ' +
    'write code, releases, packages and more, so one compromised step can tamper with the repository. Rampart adds ' +
    '`permissions: contents: read` at the top of the workflow and, for each job that needs more, a job-level block ' +
    'with a `# for <action> <reason>` comment per scope, inferred from a knowledge base of popular actions and from ' +
    'recognised `run:` commands (`git push`, `gh pr create`, …). When any job\'s needs cannot be inferred, the ' +
    'workflow is left as it is and the report says why. Existing blocks are kept; `write-all` is reported.',
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const { file } = ctx;
    const notes: RuleNote[] = [];
    const root = mapOf(file.doc.contents);
    if (!root) return { edits: [], notes };
    const top = pairOf(root, 'permissions');
    if (top && isWriteAll(top.value)) {
      notes.push({ line: lineOfNode(file, top.key), message: 'permissions: write-all gives every job write access to everything; list only the scopes the jobs need' });
    }
    for (const job of jobsOf(file)) {
      const own = pairOf(job.map, 'permissions');
      if (own && isWriteAll(own.value)) {
        notes.push({ line: lineOfNode(file, own.key), message: `job ${job.id} has permissions: write-all, which gives it write access to everything; list only the scopes it needs` });
      }
    }
    // Explicit top-level permissions are the author's decision: kept, and no job blocks are added beneath them.
    if (top) return { edits: [], notes };
    const jobsPair = pairOf(root, 'jobs');
    const jobs = mapOf(jobsPair?.value);
    if (!jobsPair || !jobs || jobs.items.length === 0) return { edits: [], notes };
    if (root.flow || jobs.flow) {
      notes.push({ line: lineOfNode(file, jobsPair.key), message: `${NOT_ADDED}: the workflow or its jobs: map is written in flow style` });
      return { edits: [], notes };
    }

    const inferred = workflowNeeds(file, { repo: ctx.repo, visiting: new Set([file.path]), depth: 0 });
    const unknown = [...inferred.unknown, ...inferred.jobs.flatMap((j) => j.unknown)];
    if (unknown.length > 0) {
      const seen = new Set<string>();
      for (const u of unknown) {
        if (seen.has(u.message)) continue;
        seen.add(u.message);
        notes.push({ line: u.line, message: `${NOT_ADDED}: ${u.message}` });
      }
      return { edits: [], notes };
    }

    const patches: TextPatch[] = [];
    const ops: EditOp[] = [{ kind: 'set', path: ['permissions'], value: { contents: 'read' } }];
    const added: string[] = [];
    for (const job of inferred.jobs) {
      if (job.declared || !job.job.map) continue;
      const grants = combine(job.needs);
      if (!needsMoreThanContentsRead(grants)) continue;
      const block = withCheckoutRead(grants, job.checksOut);
      const patch = jobBlockPatch(file, job.job.map, block);
      if (typeof patch === 'string') {
        notes.push({ line: lineOfNode(file, job.job.pair.key), message: `${NOT_ADDED}: job ${job.job.id} needs its own block but ${patch}` });
        return { edits: [], notes };
      }
      patches.push(patch);
      ops.push({ kind: 'set', path: [...job.job.path, 'permissions'], value: Object.fromEntries([...block].map(([s, g]) => [s, g.level])) });
      added.push(`${job.job.id} (${[...block].map(([s, g]) => `${s}: ${g.level}`).join(', ')})`);
    }
    const topPatch = topLevelPatch(file, jobsPair.key);
    if (typeof topPatch === 'string') {
      notes.push({ line: lineOfNode(file, jobsPair.key), message: `${NOT_ADDED}: ${topPatch}` });
      return { edits: [], notes };
    }
    patches.push(topPatch);
    const message =
      'added top-level permissions: contents: read' + (added.length > 0 ? `, and job-level permissions for ${added.join('; ')}` : '');
    // One edit: the top-level block without the job blocks would take away what those jobs need.
    return { edits: [{ patches, ops, line: lineOfNode(file, jobsPair.key), message }], notes };
  },
};

/** Naming any scope sets the rest to none, so a job that checks out code keeps `contents: read`. */
function withCheckoutRead(grants: Map<PermissionScope, ScopeGrant>, checksOut: boolean): Map<PermissionScope, ScopeGrant> {
  if (!checksOut || grants.has('contents')) return grants;
  const out = new Map(grants);
  out.set('contents', { level: 'read', reasons: ['actions/checkout to fetch the repository'] });
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function isWriteAll(node: Parameters<typeof readPermissions>[0]): boolean {
  const v = readPermissions(node);
  return v.kind === 'all' && v.level === 'write';
}
