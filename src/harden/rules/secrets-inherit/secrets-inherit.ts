import { jobsOf } from '../../model/workflow-model.js';
import type { FileContext, FileRule, FileRuleResult } from '../../rule.js';
import { lineOfNode, pairOf, stringOf } from '../../yaml/ast.js';

export const secretsInherit: FileRule = {
  id: 'secrets-inherit',
  scope: 'file',
  kinds: ['workflow'],
  defaultEnabled: true,
  title: 'Report reusable-workflow calls that pass every secret',
  explanation:
    '`secrets: inherit` hands every secret of the caller to the called workflow, whether it needs them or not. Naming ' +
    'the secrets it needs keeps the others out of its reach.',
  async check({ file }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    for (const job of jobsOf(file)) {
      const pair = pairOf(job.map, 'secrets');
      if (pair && stringOf(pair.value) === 'inherit') {
        out.notes.push({ line: lineOfNode(file, pair.key), message: `job ${job.id} passes every secret to ${stringOf(pairOf(job.map, 'uses')?.value) ?? 'the called workflow'}; name only the secrets it needs` });
      }
    }
    return out;
  },
};
