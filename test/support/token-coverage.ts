import { classifyPath } from '../../src/harden/classify-path.js';
import type { PermissionScope } from '../../src/harden/knowledge/action-permissions.js';
import { jobsOf } from '../../src/harden/model/workflow-model.js';
import type { RepoView } from '../../src/harden/rule.js';
import {
  readPermissions,
  type PermissionsValue,
} from '../../src/harden/rules/token-permissions/existing-permissions.js';
import { combine } from '../../src/harden/rules/token-permissions/needs.js';
import { workflowNeeds } from '../../src/harden/rules/token-permissions/workflow-needs.js';
import { scriptReader } from '../../src/harden/run-scripts/script-reader.js';
import type { SourceFile } from '../../src/harden/types.js';
import { pairOf } from '../../src/harden/yaml/ast.js';
import { parseText } from '../../src/harden/yaml/parse-source.js';

/** Scopes OpenSSF Scorecard's Token-Permissions check scores at the top level. */
const SCORED = new Set(['statuses', 'checks', 'security-events', 'deployments', 'contents', 'packages', 'actions']);

export interface TokenCoverage {
  jobs: number;
  /** Jobs whose token is set explicitly (their own block, or the workflow's): not the repository default. */
  explicitJobs: number;
  /** Scorecard's criterion: a top-level block that grants no write to a scored scope. */
  scorecard: boolean;
}

const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses every workflow and action of a repository's files, as the engine would. */
export function repoView(files: ReadonlyMap<string, Uint8Array | string>): RepoView {
  const parsed = new Map<string, SourceFile>();
  const texts = new Map<string, string>();
  const reader = scriptReader();
  for (const [path, content] of files) {
    const text = typeof content === 'string' ? content : dec.decode(content);
    texts.set(path, text);
    const kind = classifyPath(path);
    if (!kind) continue;
    const r = parseText(path, kind, text);
    if (r.ok) parsed.set(path, r.file);
  }
  return {
    parsed,
    paths: new Set(files.keys()),
    text: (p) => texts.get(p),
    remoteActions: new Map(),
    readScript: (script, ctx) => reader.read(script, ctx),
  };
}

export function tokenCoverage(file: SourceFile): TokenCoverage {
  const top = pairOf(file.doc.contents, 'permissions');
  const jobs = jobsOf(file);
  const explicitJobs = jobs.filter((j) => top || pairOf(j.map, 'permissions')).length;
  return { jobs: jobs.length, explicitJobs, scorecard: top ? !grantsScoredWrite(readPermissions(top.value)) : false };
}

function grantsScoredWrite(v: PermissionsValue): boolean {
  if (v.kind === 'all') return v.level === 'write';
  if (v.kind === 'map') return [...v.grants].some(([scope, level]) => level === 'write' && SCORED.has(scope));
  return true;
}

/**
 * Jobs of `before` whose needs are all known there, with a need `before` granted and `after` does not: each entry
 * says `job: scope level`. The repository default counts as granting everything.
 */
export function lostNeeds(before: SourceFile, after: SourceFile, repo: RepoView): string[] {
  const inferred = workflowNeeds(before, { repo, visiting: new Set([before.path]), depth: 0 });
  if (inferred.unknown.length > 0) return [];
  const lost: string[] = [];
  for (const j of inferred.jobs) {
    if (j.declared || j.unknown.length > 0) continue;
    const was = effective(before, j.job.id);
    const now = effective(after, j.job.id);
    const needs = combine(j.needs);
    if (j.checksOut && !needs.has('contents')) needs.set('contents', { level: 'read', reasons: [] });
    for (const [scope, g] of needs) {
      if (grants(was, scope, g.level) && !grants(now, scope, g.level)) lost.push(`${j.job.id}: ${scope} ${g.level}`);
    }
  }
  return lost;
}

/** The job's own block, else the workflow's; undefined for the repository default. */
function effective(file: SourceFile, jobId: string): PermissionsValue | undefined {
  const job = jobsOf(file).find((x) => x.id === jobId);
  const block = pairOf(job?.map, 'permissions') ?? pairOf(file.doc.contents, 'permissions');
  return block ? readPermissions(block.value) : undefined;
}

function grants(v: PermissionsValue | undefined, scope: PermissionScope, level: 'read' | 'write'): boolean {
  if (v === undefined) return true;
  if (v.kind === 'all') return level === 'read' ? true : v.level === 'write';
  if (v.kind === 'map') {
    const have = v.grants.get(scope);
    return have === 'write' || (have === 'read' && level === 'read');
  }
  return true;
}
