import { isAlias, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import { stepInFlow, type StepRef } from '../../model/workflow-model.js';
import type { FileRuleResult } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { keyName, positionAt, positionOfNode, spanOfNode, type Path } from '../../yaml/ast.js';
import type { EditOp } from '../../yaml/expected-value.js';
import type { TextPatch } from '../../yaml/text-patch.js';
import { classifyExpressions, type DangerousExpression } from './classify-expressions.js';
import { pathKey, type ExpressionSpan, type TaintSources } from './expressions.js';
import { lexPwsh } from './pwsh-context.js';
import { rewritesFor, type ScriptRewrite } from './replacement.js';
import { scalarSource } from './scalar-source.js';
import { reparsedBy, type ScriptContext, type Span } from './script-context.js';
import { lexSh } from './sh-context.js';
import { bindVariable, envPatch, visibleEnv, type Binding } from './step-env.js';
import { stepShell } from './step-shell.js';

/** How one language reads a variable: where each expression sits, its rewrite there, and how reports name it. */
export interface Dialect<C> {
  lex(script: string, spans: readonly Span[]): C[];
  rewrites(ctx: C, script: string, start: number, end: number, name: string): ScriptRewrite[] | string;
  /** Why the value would still be parsed as code after the fix, or undefined. */
  reparsedBy(ctx: C, script: string, span: ExpressionSpan): string | undefined;
  /** `${NAME}`, `$env:NAME`, `process.env.NAME`. */
  ref(name: string): string;
}

/** The scalar holding the code: `run:`, or an action input that evaluates its text (`with.script`). */
export interface ScriptSite {
  pair: Pair<Scalar, Node | null>;
  /** Path of the scalar in the document. */
  path: Path;
  /** How messages name it: `run:`, `the script: input of actions/github-script`. */
  where: string;
  /** The step key a new `env:` is written before. */
  anchorKey: Scalar;
}

const shDialect = (family: 'sh' | 'pwsh'): Dialect<ScriptContext> => ({
  lex: family === 'sh' ? lexSh : lexPwsh,
  rewrites: (ctx, script, start, end, name) => rewritesFor(family, ctx, script, start, end, name),
  reparsedBy: (ctx, script, span) => {
    const lineEnd = script.indexOf('\n', span.end);
    return reparsedBy(ctx, script.slice(span.end, lineEnd === -1 ? script.length : lineEnd));
  },
  ref: (name) => (family === 'sh' ? `\${${name}}` : `$env:${name}`),
});

export const PWSH_DIALECT = shDialect('pwsh');

/** Finds attacker-controlled expressions in one step's `run:` and moves those it safely can into `env:`. */
export function fixRun(
  file: SourceFile,
  step: StepRef,
  runPair: Pair<Scalar, Node | null>,
  linuxLabels: readonly string[],
  sources: TaintSources,
  out: FileRuleResult,
): void {
  const site: ScriptSite = { pair: runPair, path: [...step.path, 'run'], where: 'run:', anchorKey: runPair.key };
  fixScript(
    file,
    step,
    site,
    () => {
      const shell = stepShell(file, step, linuxLabels);
      return shell.family === undefined ? shell.reason : shDialect(shell.family);
    },
    sources,
    out,
  );
}

/**
 * Moves attacker-controlled expressions out of the code in `site` into the step's `env:`, read through the dialect's
 * variable syntax; reports each it cannot move, with the reason. `dialect` is asked only when there is something to
 * move, and may say why none applies.
 */
export function fixScript<C>(
  file: SourceFile,
  step: StepRef,
  site: ScriptSite,
  dialectOf: () => Dialect<C> | string,
  sources: TaintSources,
  out: FileRuleResult,
): void {
  const node = isAlias(site.pair.value) ? site.pair.value.resolve(file.doc) : site.pair.value;
  if (!isScalar(node) || typeof node.value !== 'string') return;
  const script = node.value;
  const { spans, dangerous } = classifyExpressions(script, sources);
  if (dangerous.length === 0) return;

  const source = scalarSource(file, site.pair.value);
  // An ignore comment cannot sit inside the script, so one anywhere in the step's YAML (the `run: |` line) applies.
  const span = spanOfNode(file, step.node);
  const where = (d: DangerousExpression) => {
    const at = typeof source === 'string' ? undefined : source.sourceOf(d.span.start, d.span.end);
    return { ...(at ? positionAt(file, at.start) : positionOfNode(file, site.pair.value)), ...(span ? { span } : {}) };
  };
  const report = (d: DangerousExpression, reason: string) =>
    out.notes.push({
      ...where(d),
      ...(d.confidence ? { confidence: d.confidence } : {}),
      message: `${d.text} in ${site.where} is attacker-controlled (${describe(d)}) and was left in place: ${reason}; pass it through env: by hand`,
    });

  const candidates: DangerousExpression[] = [];
  for (const d of dangerous) {
    if (d.path) candidates.push(d);
    else report(d, d.reason!);
  }
  if (candidates.length === 0) return;

  const dialect = dialectOf();
  const env = visibleEnv(file, step);
  const blocker =
    layoutBlocker(file, step) ??
    (typeof dialect === 'string' ? dialect : undefined) ??
    (typeof source === 'string' ? source : undefined) ??
    (typeof env === 'string' ? env : undefined);
  if (blocker || typeof dialect === 'string' || typeof source === 'string' || typeof env === 'string') {
    for (const d of candidates) report(d, blocker ?? 'the step cannot be rewritten');
    return;
  }

  const contexts = dialect.lex(script, spans);
  const bindings = new Map<string, Binding>();
  const taken = new Set<string>();
  let rewrites: { d: DangerousExpression; rewrite: ScriptRewrite; patch: TextPatch; binding: Binding }[] = [];
  for (const d of candidates) {
    const ctx = contexts[spans.indexOf(d.span)]!;
    const reparse = dialect.reparsedBy(ctx, script, d.span);
    if (reparse) {
      report(d, `the script hands it to ${reparse}, which would still run it as code`);
      continue;
    }
    const key = pathKey(d.path!);
    const binding = bindings.get(key) ?? bindVariable(d.path!, env, script, taken);
    const options = dialect.rewrites(ctx, script, d.span.start, d.span.end, binding.name);
    if (typeof options === 'string') {
      report(d, options);
      continue;
    }
    const chosen = options.map((r) => ({ r, at: source.sourceOf(r.start, r.end) })).find((c) => c.at);
    if (!chosen) {
      report(d, 'the YAML source writes it with escapes, so it cannot be patched in place');
      continue;
    }
    bindings.set(key, binding);
    taken.add(binding.name);
    rewrites.push({
      d,
      rewrite: chosen.r,
      patch: { start: chosen.at!.start, end: chosen.at!.end, text: source.encode(chosen.r.text) },
      binding,
    });
  }
  const entries = new Map<string, string>();
  for (const { d, binding } of rewrites)
    if (binding.add && !entries.has(binding.name)) entries.set(binding.name, `\${{ ${d.span.inner.trim()} }}`);
  let envInsert: TextPatch | undefined;
  if (entries.size > 0) {
    const patch = envPatch(
      file,
      step,
      site.anchorKey,
      [...entries].map(([name, value]) => ({ name, value })),
    );
    if (typeof patch === 'string') {
      // Rewrites that read a variable which is already set still stand on their own.
      for (const { d } of rewrites.filter((r) => r.binding.add)) report(d, patch);
      rewrites = rewrites.filter((r) => !r.binding.add);
      entries.clear();
    } else envInsert = patch;
  }
  if (rewrites.length === 0) return;

  const messages = new Map<string, string>();
  for (const { d, binding } of rewrites) {
    if (messages.has(binding.name)) continue;
    const ref = dialect.ref(binding.name);
    const holder = env.has(binding.name) ? 'an existing env entry' : 'a variable the runner sets';
    messages.set(
      binding.name,
      binding.add
        ? `moved ${d.text} out of ${site.where} into the step's env as ${binding.name} (read as ${ref})`
        : `replaced ${d.text} in ${site.where} with ${ref}, ${holder}`,
    );
  }
  const ops: EditOp[] = [
    {
      kind: 'set',
      path: site.path,
      value: applyRewrites(
        script,
        rewrites.map((r) => r.rewrite),
      ),
    },
  ];
  for (const [name, value] of entries) ops.push({ kind: 'set', path: [...step.path, 'env', name], value });
  const patches = [...rewrites.map((r) => r.patch), ...(envInsert ? [envInsert] : [])];
  // Sure as the surest value it moved: an input only may carry attacker text, an issue title always does.
  const confidence = rewrites.every((r) => r.d.confidence === 'low') ? ({ confidence: 'low' } as const) : {};
  out.edits.push({ patches, ops, ...where(rewrites[0]!.d), ...confidence, message: [...messages.values()].join('; ') });
}

/** Who controls the value, naming the context when the expression text does not. */
export function describe(d: DangerousExpression): string {
  return d.text.toLowerCase().includes(d.context) ? d.controlledBy : `${d.context}: ${d.controlledBy}`;
}

function applyRewrites(script: string, rewrites: readonly ScriptRewrite[]): string {
  let out = '';
  let at = 0;
  for (const r of [...rewrites].sort((a, b) => a.start - b.start)) {
    out += script.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + script.slice(at);
}

/** Why the step's YAML shape rules out an edit: flow style around it, anchors other nodes alias, merge keys. */
function layoutBlocker(file: SourceFile, step: StepRef): string | undefined {
  if (stepInFlow(file, step) || step.map?.flow)
    return 'the step is written in flow style ({ … } or [ … ]), where the fix cannot add lines';
  if (step.map?.anchor) return 'the step carries an anchor that other steps alias';
  const groupNodes =
    step.enclosing.length === 0
      ? []
      : [...step.enclosing.map((g) => g.map), ...step.enclosing.slice(1).map((g) => g.seq), step.seq];
  if (groupNodes.some((n) => n?.anchor)) return 'its parallel: group carries an anchor that other steps alias';
  if (step.map?.items.some((p) => keyName(p) === '<<')) return 'the step uses a << merge key';
  return undefined;
}
