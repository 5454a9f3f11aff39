import { jobsOf } from '../../model/workflow-model.js';
import { fileRule, type FileContext, type FileRuleResult, type RuleNote } from '../../rule.js';
import { mapOf, pairOf, positionOfNode } from '../../yaml/ast.js';
import { readPermissions } from './existing-permissions.js';
import { isBroad, planPermissions } from './plan-permissions.js';
import { workflowNeeds } from './workflow-needs.js';

export const tokenPermissions = fileRule({
  id: 'token-permissions',
  kinds: ['workflow'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'medium',
  confidence: 'high',
  help: 'Add a `permissions:` block to the job naming only the scopes its steps use, and a read-only one (`contents: read` or `{}`) at the top of the workflow.',
  title: 'Give GITHUB_TOKEN only the permissions each job needs',
  explanation:
    "Without a `permissions:` block every job gets the repository's default token, which in older repositories can " +
    'write code, releases, packages and more, so one compromised step can tamper with the repository. Rampart decides ' +
    'job by job, from a knowledge base of actions (and the `action.yml` of actions it lacks), recognised `run:` ' +
    'commands (`git push`, `gh pr create`, `mkdocs gh-deploy`, `semantic-release`, …) and local scripts: a job whose ' +
    'needs are all known gets a block with exactly those, each scope with a `# for <action> <reason>` comment; a job ' +
    'with anything unknown keeps what it has, and the report names the unknown. The workflow gets a read-only ' +
    'top-level block only when every job is known. A top-level block that grants writes (or `write-all`, `read-all`) ' +
    'is narrowed the same way — writes move to the jobs that need them — when every job is known, and reported otherwise.',
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const { file } = ctx;
    const notes: RuleNote[] = [];
    const root = mapOf(file.doc.contents);
    if (!root) return { edits: [], notes };
    const top = pairOf(root, 'permissions');
    if (top && isWriteAll(top.value)) {
      notes.push({
        ...positionOfNode(file, top.key),
        severity: 'high',
        message:
          'permissions: write-all gives every job write access to everything; list only the scopes the jobs need',
      });
    }
    for (const job of jobsOf(file)) {
      const own = pairOf(job.map, 'permissions');
      if (own && isWriteAll(own.value)) {
        notes.push({
          ...positionOfNode(file, own.key),
          severity: 'high',
          message: `job ${job.id} has permissions: write-all, which gives it write access to everything; list only the scopes it needs`,
        });
      }
    }
    const jobsPair = pairOf(root, 'jobs');
    const jobs = mapOf(jobsPair?.value);
    if (!jobsPair || !jobs || jobs.items.length === 0) return { edits: [], notes };
    if (root.flow || jobs.flow) {
      if (!top)
        notes.push({
          ...positionOfNode(file, jobsPair.key),
          message: 'permissions not added: the workflow or its jobs: map is written in flow style',
        });
      return { edits: [], notes };
    }
    // A read-only top-level block is the author's decision and nothing below it changes: no need to infer anything.
    if (top && !isBroad(readPermissions(top.value))) return { edits: [], notes };
    const inferred = workflowNeeds(file, { repo: ctx.repo, visiting: new Set([file.path]), depth: 0 });
    const plan = planPermissions(file, inferred, top, jobsPair.key);
    return { edits: plan.edits, notes: [...notes, ...plan.notes] };
  },
});

function isWriteAll(node: Parameters<typeof readPermissions>[0]): boolean {
  const v = readPermissions(node);
  return v.kind === 'all' && v.level === 'write';
}
