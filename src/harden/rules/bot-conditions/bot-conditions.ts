import { isAlias, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import { conditionExpression } from '../../expressions/fenced-expressions.js';
import { contextPath, parseExpression, walkExpression, type Expr } from '../../expressions/parse-expression.js';
import { sourceOffset } from '../../expressions/source-offset.js';
import { jobsOf, stepsOfJob } from '../../model/workflow-model.js';
import { workflowTriggers } from '../../model/workflow-triggers.js';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { pairOf, positionAt, type Path } from '../../yaml/ast.js';
import { locatePair } from '../../yaml/locate-pair.js';
import { patchLines } from '../../yaml/patch-lines.js';
import type { TextPatch } from '../../yaml/text-patch.js';
import { eventUser } from './event-user.js';
import { botCondition } from './spoofable-actor.js';

interface Condition {
  pair: Pair<Scalar, Node | null>;
  path: Path;
  where: () => string;
}

export const botConditions = fileRule({
  id: 'bot-conditions',
  kinds: ['workflow'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'high',
  confidence: 'high',
  help: "Compare the event's author instead (`github.event.pull_request.user.login` for pull requests, `github.event.comment.user.login` for comments), which a later push by a bot does not change.",
  title: 'Replace spoofable bot checks on github.actor',
  explanation:
    "`if: github.actor == 'dependabot[bot]'` names whoever acted last, not who opened the pull request: an attacker " +
    'can make a bot the last actor on their own pull request (by asking Dependabot to rebase it, say) and pass the ' +
    "check. Rampart compares the event's author instead where the trigger says who that is, and reports the rest.",
  async check({ file }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    if (!/actor|sender/i.test(file.text)) return out;
    let user: ReturnType<typeof eventUser> | null = null;
    for (const cond of conditions(file)) {
      const node = cond.pair.value;
      // Every spoofable context names an actor or a sender: other conditions need no parse.
      if (!isScalar(node) || typeof node.value !== 'string' || !/actor|sender/i.test(node.value)) continue;
      const found = conditionExpression(node.value);
      const expr = found && parseExpression(found.text);
      const bot = expr && botCondition(expr);
      if (!found || !bot) continue;
      const where = locatePair(file, cond.pair);
      // Read once, and only for a file that has a bot check at all.
      if (user === null) user = eventUser(workflowTriggers(file));
      const written = bot.checks.map((c) => found.text.slice(c.context.start, c.context.end));
      const said = `the if: of ${cond.where()} checks ${[...new Set(written)].join(' and ')} for a bot, but that is whoever acted last, which an attacker can make a bot on their own pull request`;
      if (!user) {
        out.notes.push({
          ...where,
          confidence: bot.confidence,
          message: `${said}; not changed: the workflow's triggers do not say whose event it is`,
        });
        continue;
      }
      // `github.actor == bot && github.event.pull_request.user.login == bot` is already tied to the author; rewriting
      // would drop the "bot acted last" half and let the job run after someone else pushes to the bot's branch.
      if (mentions(expr, [user.name, user.id])) {
        out.notes.push({
          ...where,
          severity: 'low',
          confidence: bot.confidence,
          message: `${said}; not changed: the condition also checks ${user.name}, which an attacker cannot make a bot, so the other check only adds that the bot acted last (remove it by hand if that is not wanted)`,
        });
        continue;
      }
      const author = user;
      const patch = replacements(
        file,
        node,
        found.offset,
        bot.checks.map((c) => ({ ...c, to: c.kind === 'name' ? author.name : author.id })),
      );
      if (typeof patch === 'string') {
        out.notes.push({ ...where, confidence: bot.confidence, message: `${said}; not changed: ${patch}` });
        continue;
      }
      const lines = patchLines(file, patch.patches);
      out.edits.push({
        ...where,
        ...positionAt(file, patch.patches[0]!.start),
        ...(lines.last > lines.first ? { endLine: lines.last } : {}),
        confidence: bot.confidence,
        patches: patch.patches,
        ops: [{ kind: 'set', path: cond.path, value: patch.value }],
        message: `${said}; compares ${[...new Set(patch.names)].join(' and ')} instead`,
      });
    }
    return out;
  },
});

function conditions(file: SourceFile): Condition[] {
  const out: Condition[] = [];
  for (const job of jobsOf(file)) {
    const jobIf = pairOf(job.map, 'if');
    if (jobIf) out.push({ pair: jobIf, path: [...job.path, 'if'], where: () => `job ${job.id}` });
    for (const step of stepsOfJob(job)) {
      const stepIf = pairOf(step.map, 'if');
      if (stepIf)
        out.push({
          pair: stepIf,
          path: [...step.path, 'if'],
          where: () =>
            `step ${step.path.flatMap((p) => (typeof p === 'number' ? [p + 1] : [])).join('.')} of job ${job.id}`,
        });
    }
  }
  return out;
}

/** The new condition and the patches that write it: each spoofable context replaced where it is written. */
function replacements(
  file: SourceFile,
  node: Scalar,
  offset: number,
  checks: { context: { start: number; end: number }; to: string }[],
): { patches: TextPatch[]; value: string; names: string[] } | string {
  if (isAlias(node) || node.anchor) return 'the condition is shared through an anchor';
  const value = node.value as string;
  const patches: TextPatch[] = [];
  let next = value;
  // From the last to the first, so earlier offsets stay valid in the value being rewritten.
  for (const c of [...checks].sort((a, b) => b.context.start - a.context.start)) {
    const from = offset + c.context.start;
    const to = offset + c.context.end;
    const at = sourceOffset(file, node, from, to);
    if (at === undefined) return 'the context could not be found where the condition is written';
    patches.push({ start: at, end: at + (to - from), text: c.to });
    next = next.slice(0, from) + c.to + next.slice(to);
  }
  return { patches: patches.reverse(), value: next, names: checks.map((c) => c.to) };
}

/** Whether the expression refers to one of the contexts. */
function mentions(expr: Expr, contexts: readonly string[]): boolean {
  for (const node of walkExpression(expr)) if (contexts.includes(contextPath(node) ?? '')) return true;
  return false;
}
