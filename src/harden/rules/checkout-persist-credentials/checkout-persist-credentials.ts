import { isActionStep } from '../../model/step-info.js';
import { jobsOf, stepsOfJob, compositeSteps, type StepRef } from '../../model/workflow-model.js';
import { fileRule, type FileContext, type FileRuleResult, type RuleEdit } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import {
  columnAt,
  indentUnit,
  lineEnd,
  lineStart,
  locate,
  mapOf,
  pairOf,
  positionOfNode,
  valueOf,
} from '../../yaml/ast.js';
import { laterCredentialUse } from './credential-use.js';

type Where = ReturnType<typeof locate>;

export const checkoutPersistCredentials = fileRule({
  id: 'checkout-persist-credentials',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'high',
  confidence: 'high',
  help: "Add `persist-credentials: false` under the checkout's `with:`, and give the step that pushes its own token instead.",
  title: 'Stop actions/checkout from leaving the token in .git/config',
  explanation:
    'By default actions/checkout writes the job’s token into .git/config, where every later step — and anything that ' +
    'uploads the workspace as an artifact — can read it. `persist-credentials: false` removes it. A checkout is left as ' +
    'it is, with the reason, when a later step may use the credential: git push or fetch, a tool that pushes ' +
    '(mkdocs gh-deploy, semantic-release, …), a make/npm target or local script Rampart cannot read whose name says ' +
    'release, publish, deploy, docs, …, an action that pushes with it, or an action whose code cannot be read.',
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const groups: (readonly StepRef[])[] =
      ctx.file.kind === 'action' ? [compositeSteps(ctx.file)] : jobsOf(ctx.file).map(stepsOfJob);
    for (const steps of groups) {
      steps.forEach((step, i) => {
        if (!isActionStep(step, 'actions/checkout')) return;
        if (pairOf(valueOf(step.map, 'with'), 'persist-credentials')) return;
        const where = locate(ctx.file, step.node);
        const owner = step.job ? `job ${step.job.id}` : 'this action';
        const use = laterCredentialUse(steps, i, ctx.file, ctx.repo);
        if (use) {
          // Left on purpose: the job needs it. Still worth knowing, since every later step can read it.
          out.notes.push({
            ...where,
            severity: 'low',
            message: `${owner} uses the persisted git credential later (${use.what}, line ${use.line}); persist-credentials left as it is`,
          });
          return;
        }
        const edit = addInput(ctx.file, step, where);
        if (typeof edit === 'string')
          out.notes.push({
            ...where,
            message: `actions/checkout in ${owner} not changed because ${edit}; add persist-credentials: false by hand`,
          });
        else out.edits.push(edit);
      });
    }
    return out;
  },
});

function addInput(file: SourceFile, step: StepRef, where: Where): RuleEdit | string {
  if (!step.map) return 'the step is an alias';
  if (step.map.flow) return 'the step is written in flow style';
  const ops = [{ kind: 'set' as const, path: [...step.path, 'with', 'persist-credentials'], value: false }];
  const message = 'added persist-credentials: false to actions/checkout';
  const withPair = pairOf(step.map, 'with');
  if (withPair) {
    const inputs = mapOf(withPair.value);
    const firstKey = inputs?.items[0]?.key;
    if (!inputs || inputs.flow || !firstKey?.range) return 'its `with:` is not a block mapping';
    const at = lineStart(file.text, firstKey.range[0]);
    const col = columnAt(file.text, firstKey.range[0]);
    return {
      patches: [{ start: at, end: at, text: `${' '.repeat(col)}persist-credentials: false${file.eol}` }],
      ops,
      ...where,
      message,
    };
  }
  const uses = pairOf(step.map, 'uses');
  if (!uses?.key.range || !uses.value?.range) return 'its `uses:` could not be located';
  const col = columnAt(file.text, uses.key.range[0]);
  const at = lineEnd(file.text, uses.value.range[1]);
  const pad = ' '.repeat(col);
  const text = `${file.eol}${pad}with:${file.eol}${pad}${' '.repeat(indentUnit(file))}persist-credentials: false`;
  return { patches: [{ start: at, end: at, text }], ops, ...where, ...positionOfNode(file, uses.key), message };
}
