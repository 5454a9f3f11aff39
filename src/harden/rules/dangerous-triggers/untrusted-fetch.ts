import { isActionStep, stepRun, stepUses } from '../../model/step-info.js';
import type { StepRef } from '../../model/workflow-model.js';
import { stringOf, valueOf } from '../../yaml/ast.js';

/** Refs that name the code of the pull request or of the run that triggered, not the base repository's. */
const UNTRUSTED_REF =
  /github\.(event\.pull_request\.head\.(sha|ref)|head_ref|event\.workflow_run\.head_(sha|branch)|event\.number|event\.pull_request\.number|event\.issue\.number)|refs\/pull\//;
/** A checkout of another repository that is the fork itself. */
const UNTRUSTED_REPOSITORY =
  /github\.event\.(pull_request\.head\.repo\.(full_name|clone_url|name)|workflow_run\.head_repository\.(full_name|name))/;
const UNTRUSTED_RUN =
  /\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|checkout|pull|switch)\b[^\n]*((refs\/)?pull\/|head_ref|HEAD_REF|\$\{\{\s*github\.event\.(pull_request|workflow_run|issue\.number))/;

/** One place a job brings the pull request's (or the triggering run's) code into the workspace. */
export interface UntrustedFetch {
  step: StepRef;
  /** What it is, for the message: `ref: …`, or the matched command. */
  what: string;
  /** A pattern in a script rather than a parsed checkout. */
  byPattern: boolean;
  /** Whether what it fetched runs afterwards: a later (or concurrent) script or local action, or later commands. */
  executes: boolean;
}

/** Every untrusted fetch in a job's steps, `parallel:` groups included. */
export function untrustedFetches(steps: readonly StepRef[]): UntrustedFetch[] {
  const out: UntrustedFetch[] = [];
  steps.forEach((step, i) => {
    const withMap = valueOf(step.map, 'with');
    const ref = stringOf(valueOf(withMap, 'ref'));
    const repository = stringOf(valueOf(withMap, 'repository'));
    if (
      isActionStep(step, 'actions/checkout') &&
      ((ref && UNTRUSTED_REF.test(ref)) || (repository && UNTRUSTED_REPOSITORY.test(repository)))
    ) {
      const what = ref && UNTRUSTED_REF.test(ref) ? `ref: ${ref}` : `repository: ${repository}`;
      out.push({ step, what, byPattern: false, executes: runsCode(afterwards(steps, i)) });
    }
    const run = stepRun(step);
    const m = run && UNTRUSTED_RUN.exec(run);
    if (m) {
      const rest = run
        .slice(m.index + m[0].length)
        .split('\n')
        .slice(1);
      out.push({ step, what: m[0], byPattern: true, executes: rest.some(isCommand) || runsCode(afterwards(steps, i)) });
    }
  });
  return out;
}

/**
 * The steps that may run once step `i` has: those after it, the others of its `parallel:` group (their order is not
 * fixed), and every other step of the job when some step runs in the background.
 */
function afterwards(steps: readonly StepRef[], i: number): StepRef[] {
  const step = steps[i]!;
  if (steps.some((s) => s.background)) return steps.filter((_, k) => k !== i);
  return steps.filter((s, k) => k > i || (step.group !== undefined && k < i && s.group === step.group));
}

/** Whether any of the steps runs code from the workspace: a script, or a local action. */
function runsCode(steps: readonly StepRef[]): boolean {
  return steps.some((s) => stepRun(s) !== undefined || stepUses(s)?.kind === 'local');
}

function isCommand(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#');
}
