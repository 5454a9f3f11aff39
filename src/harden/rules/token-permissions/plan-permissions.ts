import { isMap, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import type { PermissionScope } from '../../knowledge/action-permissions.js';
import { lookupActionPermissions } from '../../knowledge/action-permissions.js';
import { stepRun, stepUses } from '../../model/step-info.js';
import { stepsOfJob } from '../../model/workflow-model.js';
import type { FileRuleResult, LineSpan, RuleEdit, RuleNote } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { locateJob } from '../../model/locate-job.js';
import { pairOf, positionAt, positionOfNode, spanOfNode } from '../../yaml/ast.js';
import type { EditOp } from '../../yaml/expected-value.js';
import type { TextPatch } from '../../yaml/text-patch.js';
import { readPermissions, type PermissionsValue } from './existing-permissions.js';
import { combine, type ScopeGrant } from './needs.js';
import { jobBlockPatch, replaceValuePatch, topLevelPatch } from './permissions-patch.js';
import type { JobNeeds, WorkflowNeeds } from './workflow-needs.js';

type Grants = Map<PermissionScope, ScopeGrant>;

/**
 * Decides job by job. A job whose needs are all known gets exactly those; a job with anything unknown keeps what it
 * has. A read-only top-level block is added (or a broad one narrowed) only when every job without its own block is
 * known, so no unknown job loses a permission it may need.
 */
export function planPermissions(
  file: SourceFile,
  inferred: WorkflowNeeds,
  top: Pair<Scalar, Node | null> | undefined,
  jobsKey: Scalar,
): FileRuleResult {
  // A job that is not a plain mapping (an alias) is always unknown, so it is never patched.
  const undeclared = inferred.jobs.filter((j) => !j.declared);
  const reasons = (j: JobNeeds) => [...inferred.unknown, ...j.unknown];
  const unknownJobs = undeclared.filter((j) => reasons(j).length > 0);
  const notes: RuleNote[] = [];
  const seen = new Set<string>();
  // Every reason already names its job ("job build: …").
  const explain = (prefix: string) => {
    for (const j of unknownJobs) {
      for (const u of reasons(j)) {
        const message = `${prefix}: ${u.message}`;
        if (!seen.has(message)) notes.push({ line: u.line, column: u.column, message });
        seen.add(message);
      }
    }
  };
  const current = top ? readPermissions(top.value) : undefined;

  if (!current) {
    if (unknownJobs.length === 0) return withNotes(addTopLevel(file, undeclared, jobsKey), notes);
    const edits: RuleEdit[] = [];
    for (const j of undeclared.filter((x) => !unknownJobs.includes(x))) {
      const grants = grantsOf(j);
      const edit = jobBlockEdit(
        file,
        j,
        grants,
        `added job-level permissions to job ${j.job.id} (${describe(grants)}); the workflow gets no top-level block while other jobs' needs are unknown`,
      );
      if (typeof edit === 'string')
        notes.push({ ...locateJob(file, j.job), message: `permissions not added to job ${j.job.id}: ${edit}` });
      else edits.push(edit);
    }
    explain('permissions not added');
    return { edits, notes };
  }
  if (!isBroad(current)) return { edits: [], notes };
  const shown =
    current.kind === 'all' ? `permissions: ${current.level}-all` : 'the top-level permissions that grant write';
  if (unknownJobs.length > 0) {
    explain(`${shown} not narrowed`);
    return { edits: [], notes };
  }
  return withNotes(narrow(file, current, top!, undeclared), notes);
}

function withNotes(r: FileRuleResult | string, notes: RuleNote[]): FileRuleResult {
  return typeof r === 'string'
    ? { edits: [], notes: [...notes, { line: 1, column: 1, message: r }] }
    : { edits: r.edits, notes: [...notes, ...r.notes] };
}

/** `write-all`, `read-all`, or a map that grants a write (id-token aside: it is no write to the repository). */
export function isBroad(value: PermissionsValue): boolean {
  if (value.kind === 'all') return true;
  return value.kind === 'map' && [...value.grants].some(([scope, level]) => level === 'write' && scope !== 'id-token');
}

/** What a job needs, with `contents: read` for a checkout (naming any scope sets the rest to none). */
function grantsOf(j: JobNeeds): Grants {
  const grants = combine(j.needs);
  if (j.checksOut && !grants.has('contents'))
    grants.set('contents', { level: 'read', reasons: ['actions/checkout to fetch the repository'] });
  return sorted(grants);
}

function sorted(grants: Grants): Grants {
  return new Map([...grants].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** `base` plus `more`, write winning over read; reasons from `more`. */
function union(base: Grants, more: Grants): Grants {
  const out = new Map(base);
  for (const [scope, g] of more) {
    const have = out.get(scope);
    if (!have || (have.level === 'read' && g.level === 'write') || have.reasons.length === 0) out.set(scope, g);
  }
  return sorted(out);
}

function exceeds(grants: Grants, base: Grants): boolean {
  return [...grants].some(([scope, g]) => {
    const have = base.get(scope);
    return !have || (have.level === 'read' && g.level === 'write');
  });
}

function describe(grants: Grants): string {
  return grants.size === 0 ? '{}' : [...grants].map(([s, g]) => `${s}: ${g.level}`).join(', ');
}

/** `contents: read` when some job needs to read the repository, else `{}`. */
function readOnlyTop(jobs: readonly JobNeeds[]): Grants {
  return jobs.some((j) => grantsOf(j).has('contents'))
    ? new Map([['contents', { level: 'read', reasons: [] }]])
    : new Map();
}

function addTopLevel(file: SourceFile, jobs: readonly JobNeeds[], jobsKey: Scalar): FileRuleResult | string {
  const topGrants = readOnlyTop(jobs);
  const patches: TextPatch[] = [];
  const ops: EditOp[] = [{ kind: 'set', path: ['permissions'], value: plain(topGrants) }];
  const added: string[] = [];
  for (const j of jobs) {
    const grants = grantsOf(j);
    if (!exceeds(grants, topGrants)) continue;
    const patch = jobBlockPatch(file, j.job.map!, grants);
    if (typeof patch === 'string') return `permissions not added: job ${j.job.id} needs its own block but ${patch}`;
    patches.push(patch);
    ops.push({ kind: 'set', path: [...j.job.path, 'permissions'], value: plain(grants) });
    added.push(`${j.job.id} (${describe(grants)})`);
  }
  const topPatch = topLevelPatch(file, jobsKey, topGrants);
  if (typeof topPatch === 'string') return `permissions not added: ${topPatch}`;
  patches.push(topPatch);
  const message =
    `added top-level permissions: ${describe(topGrants)}` +
    (added.length > 0 ? `, and job-level permissions for ${added.join('; ')}` : '');
  // One edit: the top-level block without the job blocks would take away what those jobs need.
  return {
    edits: [{ patches, ops, ...positionOfNode(file, jobsKey), span: workflowSpan(file, jobsKey), message }],
    notes: [],
  };
}

/**
 * Narrows a broad top-level block when every job is known: a map keeps its reads and turns its writes to reads;
 * `write-all`/`read-all` become what the jobs read. Each job that needs more gets a block with the new top-level
 * grants plus its own needs. `id-token: write` under `write-all` goes to every job that runs code Rampart cannot
 * see into, since any program can ask for an OIDC token without GITHUB_TOKEN.
 */
function narrow(
  file: SourceFile,
  current: PermissionsValue,
  top: Pair<Scalar, Node | null>,
  jobs: readonly JobNeeds[],
): FileRuleResult | string {
  const patches: TextPatch[] = [];
  const ops: EditOp[] = [];
  let topGrants: Grants;
  let summary: string;
  if (current.kind === 'map') {
    topGrants = new Map();
    const downgraded: string[] = [];
    for (const [scope, level] of current.grants) {
      if (level === 'none') continue;
      const keep = level === 'read' || scope === 'id-token';
      topGrants.set(scope, { level: keep ? level : 'read', reasons: [] });
      if (keep) continue;
      const pair = pairOf(top.value, scope);
      if (!isScalar(pair?.value) || !pair.value.range)
        return `${scope}: write at the top level could not be located to narrow it`;
      patches.push({ start: pair.value.range[0], end: pair.value.range[1], text: 'read' });
      ops.push({ kind: 'set', path: ['permissions', scope], value: 'read' });
      downgraded.push(scope);
    }
    summary = `narrowed top-level ${downgraded.map((s) => `${s}: write`).join(', ')} to read`;
  } else {
    topGrants = readOnlyTop(jobs);
    const patch = replaceValuePatch(file, top, topGrants);
    if (typeof patch === 'string')
      return `permissions: ${current.kind === 'all' ? current.level : ''}-all not narrowed: ${patch}`;
    patches.push(patch);
    ops.push({ kind: 'set', path: ['permissions'], value: plain(topGrants) });
    summary = `narrowed top-level permissions: ${current.kind === 'all' ? current.level : ''}-all to ${describe(topGrants)}`;
  }
  const topPatches = [...patches];
  const oidc = current.kind === 'all' && current.level === 'write';
  const added: string[] = [];
  for (const j of jobs) {
    let grants = grantsOf(j);
    if (oidc && runsCode(j))
      grants = union(
        grants,
        new Map([
          [
            'id-token',
            {
              level: 'write',
              reasons: ['its run steps or actions, which may request an OIDC token (granted by write-all before)'],
            },
          ],
        ]),
      );
    if (!exceeds(grants, topGrants)) continue;
    const block = union(topGrants, grants);
    const patch = jobBlockPatch(file, j.job.map!, block);
    if (typeof patch === 'string')
      return `top-level permissions not narrowed: job ${j.job.id} needs its own block but ${patch}`;
    patches.push(patch);
    ops.push({ kind: 'set', path: [...j.job.path, 'permissions'], value: plain(block) });
    added.push(`${j.job.id} (${describe(block)})`);
  }
  const message = summary + (added.length > 0 ? `; job-level permissions for ${added.join('; ')}` : '');
  // The finding points at the first line it rewrites: the scalar, or the first scope turned to read.
  const at = patches[0] ? positionAt(file, patches[0].start) : positionOfNode(file, top.key);
  const endLine = Math.max(at.line, ...topPatches.map((p) => positionAt(file, p.end).line));
  return {
    edits: [
      { patches, ops, ...at, ...(endLine > at.line ? { endLine } : {}), span: workflowSpan(file, top.key), message },
    ],
    notes: [],
  };
}

/**
 * A top-level change reaches every job, so an ignore comment on any of them silences it whole: applied without a
 * silenced job's block, it would take away what that job has.
 */
function workflowSpan(file: SourceFile, from: Scalar): LineSpan {
  const start = positionOfNode(file, from).line;
  const jobs = spanOfNode(file, pairOf(file.doc.contents, 'jobs')?.value);
  return { from: start, to: Math.max(start, jobs?.to ?? start) };
}

function jobBlockEdit(file: SourceFile, j: JobNeeds, grants: Grants, message: string): RuleEdit | string {
  const patch = jobBlockPatch(file, j.job.map!, grants);
  if (typeof patch === 'string') return patch;
  return {
    patches: [patch],
    ops: [{ kind: 'set', path: [...j.job.path, 'permissions'], value: plain(grants) }],
    ...locateJob(file, j.job),
    message,
  };
}

/** A job with a run step or an action the knowledge base does not describe runs code that may do anything with OIDC. */
function runsCode(j: JobNeeds): boolean {
  if (isMap(j.job.map) && pairOf(j.job.map, 'uses')) return true;
  return stepsOfJob(j.job).some((step) => {
    if (stepRun(step) !== undefined) return true;
    const uses = stepUses(step);
    return uses !== undefined && !(uses.kind === 'remote' && lookupActionPermissions(uses.action));
  });
}

function plain(grants: Grants): Record<string, string> {
  return Object.fromEntries([...grants].map(([s, g]) => [s, g.level]));
}
