import { isAlias, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import { parseUses } from '../../model/action-ref.js';
import { locateJob } from '../../model/locate-job.js';
import { jobsOf, type JobRef } from '../../model/workflow-model.js';
import { fileRule, type FileContext, type FileRuleResult, type RuleEdit } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { columnAt, indentUnit, mapOf, pairOf, positionOfNode, startsLine, stringOf, valueOf } from '../../yaml/ast.js';
import { calleeSecrets } from './callee-secrets.js';

export const secretsInherit = fileRule({
  id: 'secrets-inherit',
  kinds: ['workflow'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'medium',
  confidence: 'high',
  help: 'Replace `secrets: inherit` with a `secrets:` map that passes only the secrets the called workflow uses.',
  title: 'Pass a called workflow only the secrets it declares, instead of secrets: inherit',
  explanation:
    '`secrets: inherit` hands every secret of the caller to the called workflow, whether it needs them or not. When ' +
    'the called workflow is in the same repository, Rampart replaces it with the secrets that workflow declares ' +
    '(`on.workflow_call.secrets`); for a workflow in another repository it reports, since what it needs is not known.',
  async check({ file, repo }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    for (const job of jobsOf(file)) {
      const pair = pairOf(job.map, 'secrets');
      const value = isAlias(pair?.value) ? pair.value.resolve(file.doc) : pair?.value;
      if (!pair || stringOf(value) !== 'inherit') continue;
      const uses = stringOf(valueOf(job.map, 'uses')) ?? '';
      const ref = parseUses(uses);
      const where = { ...locateJob(file, job), ...positionOfNode(file, pair.key) };
      const note = (why: string) =>
        out.notes.push({
          ...where,
          message: `job ${job.id} passes every secret to ${uses || 'the called workflow'}; name only the secrets it needs (${why})`,
        });
      if (ref.kind !== 'local') {
        note('it is in another repository, so the secrets it declares are not known here');
        continue;
      }
      const names = calleeSecrets(repo, ref.path);
      if (typeof names === 'string') {
        note(names);
        continue;
      }
      const edit = replaceInherit(file, job, pair, names);
      if (typeof edit === 'string') note(edit);
      else
        out.edits.push({
          ...where,
          ...edit,
          message: `job ${job.id}: replaced secrets: inherit with ${names.length === 0 ? 'no secrets, since' : `the ${names.length} secret(s)`} ${uses} declares${names.length === 0 ? ' none (the line is removed)' : ` (${names.join(', ')})`}`,
        });
    }
    return out;
  },
});

/** The patch that turns `secrets: inherit` into a block mapping of the names (or removes it), or why it cannot be made. */
function replaceInherit(
  file: SourceFile,
  job: JobRef,
  pair: Pair<Scalar, Node | null>,
  names: readonly string[],
): Pick<RuleEdit, 'patches' | 'ops'> | string {
  const value = pair.value;
  const jobs = mapOf(valueOf(file.doc.contents, 'jobs'));
  if (jobs?.flow || job.map?.flow) return 'the job is written in flow style';
  if (!isScalar(value) || value.type !== 'PLAIN' || !value.range || value.anchor)
    return 'secrets: inherit is not a plain scalar';
  if (!pair.key.range || !startsLine(file.text, pair.key.range[0])) return 'the secrets: key does not start its line';
  const between = file.text.slice(pair.key.range[1], value.range[0]);
  if (!/^[ \t]*:[ \t]+$/.test(between)) return 'secrets: inherit is not written on one line';
  if (names.length === 0) {
    // No secrets declared: the key goes (an empty `secrets:` map is refused by actionlint), with its whole line.
    const eol = file.text.indexOf('\n', value.range[1]);
    const end = eol === -1 ? file.text.length : eol + 1;
    if (!/^[ \t]*(#.*)?\r?\n?$/.test(file.text.slice(value.range[1], end))) return 'secrets: inherit shares its line';
    const lineStart = pair.key.range[0] - columnAt(file.text, pair.key.range[0]);
    return {
      patches: [{ start: lineStart, end, text: '' }],
      ops: [{ kind: 'delete', path: [...job.path, 'secrets'] }],
    };
  }
  // From just after the colon, so no space is left at the end of the `secrets:` line.
  const start = pair.key.range[1] + between.indexOf(':') + 1;
  const indent = ' '.repeat(columnAt(file.text, pair.key.range[0]) + indentUnit(file));
  const text = names.map((n) => `${file.eol}${indent}${n}: \${{ secrets.${n} }}`).join('');
  const mapping = Object.fromEntries(names.map((n) => [n, `\${{ secrets.${n} }}`]));
  return {
    patches: [{ start, end: value.range[1], text }],
    ops: [{ kind: 'set', path: [...job.path, 'secrets'], value: mapping }],
  };
}
