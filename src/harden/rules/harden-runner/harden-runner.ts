import { runnerOf } from '../../model/runner.js';
import { stepActionKey } from '../../model/step-info.js';
import { jobsOf, stepsOfJob, type JobRef } from '../../model/workflow-model.js';
import { parseUses } from '../../model/action-ref.js';
import type { ResolvedRef } from '../../resolver/action-resolver.js';
import { locateJob } from '../../model/locate-job.js';
import { fileRule, type FileContext, type FileRuleResult, type RuleEdit } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { columnAt, indentUnit, pairOf, positionAt, positionOfNode, seqOf, valueOf } from '../../yaml/ast.js';
import { insertionLineBefore } from '../../yaml/insertion.js';
import { hardenRunnerOptions } from './options.js';

export const hardenRunner = fileRule({
  id: 'harden-runner',
  kinds: ['workflow'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'medium',
  confidence: 'high',
  help: 'Add step-security/harden-runner, pinned to a commit, as the first step of the job with `egress-policy: audit`.',
  options: { key: 'hardenRunner', schema: hardenRunnerOptions },
  title: 'Monitor each job’s network egress with step-security/harden-runner',
  explanation:
    'harden-runner records (audit) or blocks (block) the network calls, file writes and processes of a job, so a ' +
    'compromised dependency or action that exfiltrates secrets shows up. It watches only the steps after it, so it is ' +
    'inserted as the first step of each job on a GitHub-hosted Linux runner, pinned, with `egress-policy` written out.',
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const { action, egressPolicy, allowedEndpoints } = ctx.options.hardenRunner;
    const wanted = parseUses(action);
    if (wanted.kind !== 'remote') throw new Error(`hardenRunner.action ${action} is not owner/repo@ref`);
    let pin: ResolvedRef | Error | undefined;
    for (const job of jobsOf(ctx.file)) {
      const skip = skipReason(job, ctx.options.hardenRunner);
      if (skip === null) continue;
      const at = locateJob(ctx.file, job);
      if (skip) {
        // A job harden-runner cannot watch is not a risk Rampart found, only one it could not reduce.
        out.notes.push({ ...at, severity: 'info', message: `job ${job.id}: harden-runner not added because ${skip}` });
        continue;
      }
      pin ??= await ctx.resolver.resolve(wanted.repo, wanted.ref).catch((err: unknown) => err as Error);
      if (pin instanceof Error) {
        out.notes.push({
          ...at,
          message: `job ${job.id}: harden-runner not added because ${action} could not be resolved to a commit (${pin.message})`,
        });
        continue;
      }
      const edit = insertStep(
        ctx.file,
        job,
        `${wanted.action}@${pin.sha}`,
        pin.tag ?? wanted.ref,
        egressPolicy,
        allowedEndpoints,
      );
      if (typeof edit === 'string')
        out.notes.push({ ...at, message: `job ${job.id}: harden-runner not added because ${edit}` });
      else out.edits.push(edit);
    }
    return out;
  },
});

/** Why a job is not eligible; null to skip it without a word (reusable-workflow calls, jobs that have it already). */
function skipReason(job: JobRef, options: FileContext['options']['hardenRunner']): string | null | undefined {
  if (!job.map) return 'the job is an alias or not a mapping';
  if (pairOf(job.map, 'uses')) return null;
  if (stepsOfJob(job).some((s) => /(^|\/)harden-runner$/.test(stepActionKey(s) ?? ''))) return null;
  if (pairOf(job.map, 'container'))
    return 'it runs in a container, which harden-runner does not support on hosted runners';
  const runner = runnerOf(job, options.linuxLabels);
  const declared = runner.labels.some((l) => options.linuxLabels.includes(l));
  if (runner.os.size !== 1 || !runner.os.has('linux')) {
    const oses = [...runner.os].join(', ');
    return runner.os.has('unknown')
      ? 'its runner cannot be determined from runs-on'
      : `it runs on ${oses}, and only Linux runners are fully supported`;
  }
  if (!runner.githubHosted && !declared && !options.includeSelfHosted) {
    return 'it runs on a self-hosted runner (turn on includeSelfHosted, or list its labels in linuxLabels, to add it)';
  }
  return undefined;
}

function insertStep(
  file: SourceFile,
  job: JobRef,
  uses: string,
  tag: string,
  policy: 'audit' | 'block',
  endpoints: readonly string[],
): RuleEdit | string {
  const stepsNode = valueOf(job.map, 'steps');
  const steps = seqOf(stepsNode);
  if (!steps) return 'it has no steps list';
  if (steps.flow) return 'its steps are written in flow style';
  const firstRange = steps.items[0]?.range;
  if (!firstRange) return 'it has no steps';
  const firstStart = firstRange[0];
  const dash = file.text.lastIndexOf('-', firstStart);
  const dashCol = columnAt(file.text, dash);
  const bodyCol = columnAt(file.text, firstStart);
  if (dash < 0 || bodyCol <= dashCol) return 'the first step’s layout could not be read';
  const pad = (n: number) => ' '.repeat(n);
  const unit = indentUnit(file);
  const name =
    policy === 'audit'
      ? 'Harden the runner (Audit all outbound calls)'
      : 'Harden the runner (Block unlisted outbound calls)';
  const lines = [
    `${pad(dashCol)}-${pad(bodyCol - dashCol - 1)}name: ${name}`,
    `${pad(bodyCol)}uses: ${uses} # ${tag}`,
    `${pad(bodyCol)}with:`,
    `${pad(bodyCol + unit)}egress-policy: ${policy}`,
  ];
  // A folded block scalar: harden-runner reads the endpoints separated by spaces or line breaks.
  const allowed = policy === 'block' && endpoints.length > 0 ? endpoints : [];
  if (allowed.length > 0)
    lines.push(`${pad(bodyCol + unit)}allowed-endpoints: >`, ...allowed.map((e) => `${pad(bodyCol + 2 * unit)}${e}`));
  const withValue: Record<string, string> = {
    'egress-policy': policy,
    ...(allowed.length > 0 ? { 'allowed-endpoints': `${allowed.join(' ')}\n` } : {}),
  };
  const stepsKey = pairOf(job.map, 'steps')!.key;
  const at = insertionLineBefore(file.text, dash, stepsKey.range![0]);
  const text = lines.join(file.eol) + file.eol;
  return {
    patches: [{ start: at, end: at, text }],
    ops: [{ kind: 'insert', path: [...job.path, 'steps'], index: 0, value: { name, uses, with: withValue } }],
    ...positionAt(file, dash),
    span: locateJob(file, job).span ?? {
      from: positionOfNode(file, job.pair.key).line,
      to: positionAt(file, dash).line,
    },
    message:
      `added ${uses.split('@')[0]} (${tag}, egress-policy: ${policy}) as the first step of job ${job.id}` +
      (policy !== 'block'
        ? ''
        : allowed.length > 0
          ? `, allowing only ${allowed.join(', ')}`
          : '; list the endpoints the job needs in allowed-endpoints, or every outbound call is blocked'),
  };
}
