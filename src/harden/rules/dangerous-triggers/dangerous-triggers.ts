import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { isActionStep } from '../../model/step-info.js';
import { jobsOf, stepsOfJob } from '../../model/workflow-model.js';
import { fileRule, type FileContext, type FileRuleResult, type RuleNote } from '../../rule.js';
import type { Severity } from '../../severity.js';
import type { SourceFile } from '../../types.js';
import { keyName, locate, positionOfNode, stringOf, valueOf } from '../../yaml/ast.js';
import { tokenExposure, type Exposure } from './token-exposure.js';
import { untrustedFetches, type UntrustedFetch } from './untrusted-fetch.js';

/**
 * Triggers that run in the base repository, with its secrets and a write token, on events anyone can cause: a fork's
 * pull request, a run it triggered, a comment (zizmor's dangerous-triggers audits the same three).
 */
const PRIVILEGED = ['pull_request_target', 'workflow_run', 'issue_comment'];

export const dangerousTriggers = fileRule({
  id: 'dangerous-triggers',
  kinds: ['workflow'],
  defaultEnabled: true,
  action: 'report',
  severity: 'high',
  confidence: 'high',
  help: 'Move the steps that build or test the pull request to a `pull_request` workflow, or never execute the checked-out code where secrets and a write token are available.',
  title: 'Report pull_request_target, workflow_run and issue_comment workflows, weighed by what they expose',
  explanation:
    'pull_request_target, workflow_run and issue_comment run with the base repository’s secrets and a write token on ' +
    'events anyone can cause. Checking out and running the pull request’s code there lets anyone who opens a pull ' +
    'request run code with those secrets ("pwn request"). Rampart reports every such workflow, critical when it runs ' +
    'the pull request’s code, high when it holds secrets or a write token, low otherwise; the fix needs a person.',
  async check({ file }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const triggers = triggerNodes(file).filter((t) => PRIVILEGED.includes(t.name));
    if (triggers.length === 0) return out;
    const names = [...new Set(triggers.map((t) => t.name))].join('/');
    const fetches: { job: string; fetch: UntrustedFetch }[] = [];
    for (const job of jobsOf(file)) {
      for (const fetch of untrustedFetches(stepsOfJob(job))) {
        fetches.push({ job: job.id, fetch });
        out.notes.push({
          ...locate(file, fetch.step.node),
          severity: fetch.executes ? 'critical' : 'high',
          // A pattern in a script, not a parsed checkout: the command may fetch something harmless.
          ...(fetch.byPattern ? { confidence: 'medium' as const } : {}),
          message: fetch.byPattern
            ? `job ${job.id} fetches untrusted pull request code (\`${fetch.what}\`) in a ${names} workflow${fetch.executes ? ' and runs it' : ''}`
            : `job ${job.id} checks out untrusted code (${fetch.what}) in a ${names} workflow, which runs with secrets and a write token${fetch.executes ? '; a later step runs it' : ''}`,
        });
      }
    }
    out.notes.unshift(workflowNote(file, triggers[0]!.node, names, fetches, tokenExposure(file)));
    return out;
  },
});

/** The finding on the trigger itself: one per workflow, weighed by the worst it does. */
function workflowNote(
  file: SourceFile,
  at: Node,
  names: string,
  fetches: readonly { job: string; fetch: UntrustedFetch }[],
  exposure: Exposure,
): RuleNote {
  const where = positionOfNode(file, at);
  const running = fetches.find((f) => f.fetch.executes);
  if (running) {
    return {
      ...where,
      severity: 'critical',
      ...(running.fetch.byPattern ? { confidence: 'medium' as const } : {}),
      message: `${names} workflow runs the pull request's code (job ${running.job}, line ${positionOfNode(file, running.fetch.step.node).line}) with the base repository's secrets and token: anyone who opens a pull request can run code with them`,
    };
  }
  const held: string[] = [];
  if (exposure.secrets.includes('*')) held.push('every secret');
  else if (exposure.secrets.length > 0) held.push(`secrets (${exposure.secrets.join(', ')})`);
  if (exposure.token === 'write') held.push('a write token');
  if (exposure.token === 'default')
    held.push("the repository's default token (write unless the repository restricts it)");
  if (labelerOnly(file)) {
    return {
      ...where,
      severity: 'low',
      message: `${names} workflow only runs actions/labeler, the use GitHub documents for this trigger; keep it that way`,
    };
  }
  const severity: Severity = held.length > 0 || fetches.length > 0 ? 'high' : 'low';
  const what =
    fetches.length > 0
      ? `checks out the pull request's code (job ${fetches[0]!.job}) and holds ${held.join(' and ') || 'its token'}`
      : held.length > 0
        ? `holds ${held.join(' and ')}`
        : 'holds no secret and a read-only token';
  return {
    ...where,
    severity,
    ...(exposure.token === 'default' && exposure.secrets.length === 0 && fetches.length === 0
      ? { confidence: 'medium' as const }
      : {}),
    message: `${names} workflow runs on events anyone can cause and ${what}; never run the pull request's code here`,
  };
}

/** zizmor's exception: one job whose one step is actions/labeler. */
function labelerOnly(file: SourceFile): boolean {
  const jobs = jobsOf(file);
  if (jobs.length !== 1) return false;
  const steps = stepsOfJob(jobs[0]!);
  return steps.length === 1 && isActionStep(steps[0]!, 'actions/labeler');
}

/** Each trigger with the node a finding about it points at (the key, or the list item). */
function triggerNodes(file: SourceFile): { name: string; node: Node }[] {
  const on = valueOf(file.doc.contents, 'on');
  if (isScalar(on)) return [{ name: String(on.value), node: on }];
  if (isSeq(on))
    return on.items.flatMap((i) => (stringOf(i) === undefined ? [] : [{ name: stringOf(i)!, node: i as Node }]));
  if (isMap(on))
    return on.items.flatMap((p) => (keyName(p) === undefined ? [] : [{ name: keyName(p)!, node: p.key as Node }]));
  return [];
}
