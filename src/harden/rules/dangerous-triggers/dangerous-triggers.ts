import { isMap, isScalar, isSeq } from 'yaml';
import { isActionStep, stepRun } from '../../model/step-info.js';
import { jobsOf, stepsOfJob } from '../../model/workflow-model.js';
import type { FileContext, FileRule, FileRuleResult } from '../../rule.js';
import { keyName, lineOfNode, stringOf, valueOf } from '../../yaml/ast.js';

const PRIVILEGED = ['pull_request_target', 'workflow_run'];
/** Refs that name the code of the pull request or of the run that triggered, not the base repository's. */
const UNTRUSTED_REF = /github\.(event\.pull_request\.head\.(sha|ref)|head_ref|event\.workflow_run\.head_(sha|branch)|event\.number|event\.pull_request\.number)|refs\/pull\//;
const UNTRUSTED_RUN = /\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|checkout)\b[^\n]*(pull\/|head_ref|\$\{\{\s*github\.event\.(pull_request|workflow_run))/;

export const dangerousTriggers: FileRule = {
  id: 'dangerous-triggers',
  scope: 'file',
  kinds: ['workflow'],
  defaultEnabled: true,
  title: 'Report checkouts of untrusted code under pull_request_target and workflow_run',
  explanation:
    'pull_request_target and workflow_run run with the base repository’s secrets and a write token. Checking out and ' +
    'running the pull request’s code there lets anyone who opens a pull request run code with those secrets ("pwn ' +
    'request"). Rampart reports these; the fix (a `pull_request` workflow, or never executing the checked-out code) ' +
    'needs a person.',
  async check({ file }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const triggers = triggerNames(valueOf(file.doc.contents, 'on'));
    const risky = triggers.filter((t) => PRIVILEGED.includes(t));
    if (risky.length === 0) return out;
    for (const job of jobsOf(file)) {
      for (const step of stepsOfJob(job)) {
        const line = lineOfNode(file, step.node);
        const ref = stringOf(valueOf(valueOf(step.map, 'with'), 'ref'));
        if (isActionStep(step, 'actions/checkout') && ref && UNTRUSTED_REF.test(ref)) {
          out.notes.push({ line, message: `job ${job.id} checks out untrusted code (ref: ${ref}) in a ${risky.join('/')} workflow, which runs with secrets and a write token` });
        }
        const run = stepRun(step);
        const m = run && UNTRUSTED_RUN.exec(run);
        if (m) out.notes.push({ line, message: `job ${job.id} fetches untrusted pull request code (\`${m[0]}\`) in a ${risky.join('/')} workflow` });
      }
    }
    return out;
  },
};

function triggerNames(on: unknown): string[] {
  if (isScalar(on)) return [String(on.value)];
  if (isSeq(on)) return on.items.map((i) => stringOf(i)).filter((s): s is string => s !== undefined);
  if (isMap(on)) return on.items.map((p) => keyName(p as never)).filter((s): s is string => s !== undefined);
  return [];
}
