import { isPair, isScalar, visit, type Scalar } from 'yaml';
import { conditionExpression, fencedExpressions } from '../../expressions/fenced-expressions.js';
import { parseExpression, walkExpression, type Expr } from '../../expressions/parse-expression.js';
import { sourceOffset } from '../../expressions/source-offset.js';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { locate, positionAt } from '../../yaml/ast.js';

/** Text that may be `toJSON(secrets)`, `secrets[…]` or `secrets.*`, in any case and spacing. */
const MAYBE_WHOLE_SECRETS = /tojson\s*\(\s*secrets\s*\)|secrets\s*(\[|\.\s*\*)/i;

export const overprovisionedSecrets = fileRule({
  id: 'overprovisioned-secrets',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  action: 'report',
  severity: 'medium',
  confidence: 'high',
  help: 'Reference each secret the step needs by name (`${{ secrets.DEPLOY_KEY }}`), so only those reach the runner.',
  title: 'Report expressions that hand every secret to the runner',
  explanation:
    'GitHub sends a job only the secrets its expressions name. `toJSON(secrets)`, or an index it has to compute ' +
    '(`secrets[matrix.key]`), names them all, so every secret of the repository reaches the runner and whatever runs ' +
    'there. Which ones the job needs takes a person, so Rampart reports it.',
  async check({ file }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    // Most files have neither form; a scan of the text spares them the walk over every scalar.
    if (!MAYBE_WHOLE_SECRETS.test(file.text)) return out;
    visit(file.doc, {
      Scalar(key, node, path) {
        if (key === 'key' || typeof node.value !== 'string' || !/secrets/i.test(node.value)) return;
        const holder = path[path.length - 1];
        const isCondition = isPair(holder) && isScalar(holder.key) && holder.key.value === 'if';
        const bare = isCondition && !node.value.includes('${{') ? conditionExpression(node.value) : undefined;
        const pieces = bare
          ? [{ text: bare.text, offset: 0 }]
          : fencedExpressions(node.value).map((f) => ({ text: f.inner, offset: f.innerStart }));
        for (const piece of pieces) {
          const expr = parseExpression(piece.text);
          if (!expr) continue;
          for (const found of expansions(expr)) {
            const text = piece.text.slice(found.start, found.end);
            out.notes.push({
              ...where(file, node as Scalar<string>, piece.offset + found.start, piece.offset + found.end),
              message: message(text, found.whole),
            });
          }
        }
      },
    });
    return out;
  },
});

type Expansion = Expr & { whole: boolean };

/** zizmor's two cases (crates/zizmor/src/audit/overprovisioned_secrets.rs), plus `secrets.*`, which lists every value. */
function expansions(expr: Expr): Expansion[] {
  const out: Expansion[] = [];
  for (const node of walkExpression(expr)) {
    if (node.kind === 'call' && node.name.toLowerCase() === 'tojson' && node.args.some(isWholeSecrets))
      out.push({ ...node, whole: true });
    if (node.kind === 'context' && node.root.toLowerCase() === 'secrets') {
      const first = node.accessors[0];
      if (first?.kind === 'star') out.push({ ...node, whole: true });
      else if (first?.kind === 'index' && first.index.kind !== 'string') out.push({ ...node, whole: false });
    }
  }
  return out;
}

function isWholeSecrets(arg: Expr): boolean {
  return arg.kind === 'context' && arg.root.toLowerCase() === 'secrets' && arg.accessors.length === 0;
}

function message(text: string, whole: boolean): string {
  const why = whole
    ? 'puts every secret of the repository in one value'
    : 'picks a secret by a name computed at run time';
  return `\`${text}\` ${why}, so GitHub sends every secret to the runner; reference the secrets needed by name`;
}

/** The expression's position where it can be found in the file, else the value's. */
function where(
  file: SourceFile,
  node: Scalar<string>,
  from: number,
  to: number,
): { line: number; column: number; span?: { from: number; to: number } } {
  const at = sourceOffset(file, node, from, to);
  return at === undefined
    ? locate(file, node)
    : { ...positionAt(file, at), ...(locate(file, node).span ? { span: locate(file, node).span! } : {}) };
}
