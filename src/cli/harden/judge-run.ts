import { actionExempt } from '../../harden/config-file/action-glob.js';
import { severityAtLeast } from '../../harden/severity.js';
import type { Finding, HardenResult } from '../../harden/types.js';
import { refKey, type Failure } from './cli-resolver.js';
import type { FailOn } from './harden-flags.js';
import { FULL_SHA, usesLines } from './uses-lines.js';

/** A `uses:` whose ref (or, for a pin, its commit and version comment) could not be looked up. */
export interface UnresolvedRef {
  path: string;
  line: number;
  ref: string;
  failure: Failure;
}

export interface RunJudgement {
  code: 0 | 1;
  /** Why the run failed, one phrase each. */
  reasons: string[];
  unresolved: UnresolvedRef[];
  /** Unresolved because nothing could be asked (offline, or GitHub unreachable): said once, not on every line. */
  hidden: Set<Finding>;
  failing: Set<Finding>;
}

export interface JudgeInput {
  result: HardenResult;
  before: ReadonlyMap<string, Uint8Array>;
  failures: ReadonlyMap<string, Failure>;
  check: boolean;
  wrote: boolean;
  failOn: FailOn;
  /** Refs were not asked for on purpose (--offline), or could not be (GitHub unreachable). */
  offline: boolean;
  unreachable: boolean;
  pinning: boolean;
  exempt: readonly string[];
}

/**
 * The gate. Any file the engine could not process fails the run. Under `--check`, so does a file that would change
 * and a ref that could not be resolved (a pin that could not be checked is not clean), unless offline was asked
 * for. A finding still in the files at or above `failOn` fails it in any mode. A ref left unresolved is judged as
 * such, not by the severity of its finding.
 */
export function judgeRun(input: JudgeInput): RunJudgement {
  const unresolved = input.pinning ? unresolvedRefs(input) : [];
  const at = new Map(unresolved.map((u) => [`${u.path}:${u.line}`, u]));
  const hidden = new Set<Finding>();
  const failing = new Set<Finding>();
  const reasons: string[] = [];
  const { report, changes } = input.result;
  const quietCause = input.offline || input.unreachable;
  let unresolvedFindings = 0;
  for (const file of report.files) {
    for (const f of file.findings) {
      const ref = f.rule === 'pin-actions' && !f.fixed ? at.get(`${f.path}:${f.line}`) : undefined;
      if (ref) {
        if (quietCause && ref.failure.reason === 'unavailable') hidden.add(f);
        if (input.check && !input.offline) {
          failing.add(f);
          unresolvedFindings++;
        }
        continue;
      }
      const stillThere = !f.fixed || !input.wrote;
      if (input.failOn !== 'none' && stillThere && severityAtLeast(f.severity, input.failOn)) failing.add(f);
    }
  }
  if (report.summary.errors > 0) reasons.push(`${report.summary.errors} file(s) could not be processed`);
  if (input.check && changes.size > 0) reasons.push(`${changes.size} file(s) would change`);
  const bySeverity = failing.size - unresolvedFindings;
  if (bySeverity > 0)
    reasons.push(
      `${bySeverity} finding(s) at or above ${input.failOn} ${input.wrote ? 'left to fix by hand' : 'in the files'}`,
    );
  if (input.check && !input.offline && unresolved.length > 0)
    reasons.push(`${unresolved.length} action ref(s) could not be resolved, so their pins are unchecked`);
  return { code: reasons.length > 0 ? 1 : 0, reasons, unresolved, hidden, failing };
}

function unresolvedRefs(input: JudgeInput): UnresolvedRef[] {
  const out: UnresolvedRef[] = [];
  const decoder = new TextDecoder();
  for (const file of input.result.report.files) {
    if (file.kind === 'dependabot' || file.status === 'error') continue;
    const bytes = input.before.get(file.path);
    if (!bytes) continue;
    for (const u of usesLines(decoder.decode(bytes))) {
      if (actionExempt(input.exempt, u.action)) continue;
      const pinned = FULL_SHA.test(u.ref);
      let failure = input.failures.get(refKey(u.repo, pinned ? u.ref.toLowerCase() : u.ref));
      if (!failure && pinned && u.comment) {
        // A version comment that names no ref is the pin's own finding; one that could not be asked about is unchecked.
        const named = input.failures.get(refKey(u.repo, u.comment));
        if (named && named.reason !== 'not-found') failure = named;
      }
      if (failure) out.push({ path: file.path, line: u.line, ref: `${u.action}@${u.ref}`, failure });
    }
  }
  return out;
}
