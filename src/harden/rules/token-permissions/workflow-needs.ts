import { posix } from 'node:path';
import { isMap, type Node } from 'yaml';
import { parseUses } from '../../model/action-ref.js';
import { jobsOf, stepsOfJob, type JobRef } from '../../model/workflow-model.js';
import type { SourceFile } from '../../types.js';
import { pairOf, positionOfNode, stringOf, valueOf } from '../../yaml/ast.js';
import { declaredNeeds, readPermissions, type PermissionsValue } from './existing-permissions.js';
import { emptyInference, type At, type Inference, type Need, type Unknown } from './needs.js';
import { expressionScope, literalMap, noInputs } from './scopes.js';
import { MAX_DEPTH, stepNeeds, type InferContext } from './step-needs.js';
import { tokenKind, type TokenKind } from './token-expression.js';
import { jobNames } from '../../run-scripts/names.js';

export interface JobNeeds extends Inference {
  job: JobRef;
  /** The job's own `permissions:`, which Rampart leaves as written. */
  declared: PermissionsValue | undefined;
  checksOut: boolean;
}

export interface WorkflowNeeds {
  top: PermissionsValue | undefined;
  jobs: JobNeeds[];
  /** Causes that concern the whole workflow (the token in workflow `env:`). */
  unknown: Unknown[];
}

/** Infers every job's needs; jobs with their own `permissions:` are taken as declared. */
export function workflowNeeds(file: SourceFile, infer: InferContext): WorkflowNeeds {
  const root = file.doc.contents;
  const topPair = pairOf(root, 'permissions');
  const workflowEnv = literalMap(valueOf(root, 'env'));
  const unknown: Unknown[] = [];
  const outerScope = expressionScope([workflowEnv], noInputs);
  for (const [name, value] of workflowEnv) {
    if (tokenKind(value, outerScope) === 'github') {
      unknown.push({
        ...positionOfNode(file, pairOf(valueOf(root, 'env'), name)?.key),
        message: `the token is set in the workflow's env (${name}), where every step can use it`,
      });
    }
  }
  const jobs = jobsOf(file).map((job) => jobNeeds(file, job, workflowEnv, infer));
  return { top: topPair ? readPermissions(topPair.value) : undefined, jobs, unknown };
}

function jobNeeds(
  file: SourceFile,
  job: JobRef,
  workflowEnv: ReadonlyMap<string, string>,
  infer: InferContext,
): JobNeeds {
  const where = `job ${job.id}`;
  const out: JobNeeds = { needs: [], unknown: [], job, declared: undefined, checksOut: false };
  const at = positionOfNode(file, job.pair.key);
  if (!job.map) {
    out.unknown.push({ ...at, message: `${where} is an alias or not a mapping` });
    return out;
  }
  const own = pairOf(job.map, 'permissions');
  if (own) {
    out.declared = readPermissions(own.value);
    return out;
  }
  const jobEnv = literalMap(valueOf(job.map, 'env'));
  const jobScope = expressionScope([jobEnv, workflowEnv], noInputs);
  for (const [name, value] of jobEnv) {
    if (tokenKind(value, jobScope) === 'github') {
      out.unknown.push({
        ...at,
        message: `${where}: the token is set in the job's env (${name}), where every step can use it`,
      });
    }
  }
  const calls = stringOf(valueOf(job.map, 'uses'));
  if (calls !== undefined) {
    const r = calleeNeeds(file, calls, where, positionOfNode(file, valueOf(job.map, 'uses')), infer);
    out.needs.push(...r.needs);
    out.unknown.push(...r.unknown);
    return out;
  }
  for (const holder of [valueOf(job.map, 'container'), ...servicesOf(job.map)]) {
    const password = stringOf(valueOf(valueOf(holder, 'credentials'), 'password'));
    if (password !== undefined && tokenKind(password, jobScope) === 'github') {
      out.needs.push({
        scope: 'packages',
        level: 'read',
        source: 'the job container',
        reason: 'to pull images from ghcr.io',
      });
    }
  }
  // A push after a checkout that persisted another token pushes with that token, not GITHUB_TOKEN.
  let gitCredential: TokenKind | 'none' | undefined;
  const names = jobNames(job);
  for (const step of stepsOfJob(job)) {
    const credentialPersisted = gitCredential === 'github' || gitCredential === 'unknown';
    const r = stepNeeds(step.map, step.node, {
      file,
      where,
      outerEnv: [jobEnv, workflowEnv],
      input: noInputs,
      infer,
      names,
      credentialPersisted,
    });
    if (r.persists) gitCredential = r.persists;
    out.needs.push(...(gitCredential === 'other' ? r.needs.filter((n) => !n.viaCredential) : r.needs));
    out.unknown.push(...r.unknown);
    out.checksOut ||= r.checksOut;
  }
  return out;
}

function servicesOf(job: Node): (Node | null)[] {
  const services = valueOf(job, 'services');
  return isMap(services) ? services.items.map((p) => p.value as Node | null) : [];
}

/** A local reusable workflow's jobs need what its blocks declare or what they infer to; anything else is unknown. */
function calleeNeeds(file: SourceFile, uses: string, where: string, at: At, infer: InferContext): Inference {
  const out = emptyInference();
  const ref = parseUses(uses);
  if (ref.kind !== 'local') {
    out.unknown.push({ ...at, message: `${where} calls the reusable workflow ${uses}, whose needs cannot be read` });
    return out;
  }
  const path = posix.normalize(ref.path.replace(/^\.\//, ''));
  const callee = infer.repo.parsed.get(path);
  if (!callee || callee.kind !== 'workflow') {
    out.unknown.push({ ...at, message: `${where} calls ${ref.path}, which is not among the files given` });
    return out;
  }
  if (infer.visiting.has(callee.path) || infer.depth >= MAX_DEPTH || callee.path === file.path) {
    out.unknown.push({ ...at, message: `${where} calls ${ref.path}, which nests too deep or calls itself` });
    return out;
  }
  const inner = workflowNeeds(callee, {
    repo: infer.repo,
    visiting: new Set([...infer.visiting, callee.path]),
    depth: infer.depth + 1,
  });
  const prefix = `${where}: in ${ref.path}`;
  out.unknown.push(...inner.unknown.map((u) => ({ ...at, message: `${prefix}: ${u.message}` })));
  for (const job of inner.jobs) {
    const declared = job.declared ?? inner.top;
    if (declared) {
      const needs = declaredNeeds(declared, ref.path, `to grant what its job ${job.job.id} declares`);
      if (needs) out.needs.push(...needs);
      else
        out.unknown.push({ ...at, message: `${prefix}: job ${job.job.id} declares permissions Rampart cannot narrow` });
      continue;
    }
    out.unknown.push(...job.unknown.map((u) => ({ ...at, message: `${prefix}: ${u.message}` })));
    out.needs.push(...job.needs.map((n: Need) => ({ ...n, source: `${n.source} in ${ref.path}` })));
    // The callee's own job blocks will list contents: read for a checkout; the caller must grant it too.
    if (job.checksOut)
      out.needs.push({
        scope: 'contents',
        level: 'read',
        source: `actions/checkout in ${ref.path}`,
        reason: 'to fetch the repository',
      });
  }
  return out;
}
