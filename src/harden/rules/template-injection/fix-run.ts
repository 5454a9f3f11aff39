import { isAlias, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import { stepInFlow, type StepRef } from '../../model/workflow-model.js';
import type { FileRuleResult } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { keyName, lineAt, lineOfNode } from '../../yaml/ast.js';
import type { EditOp } from '../../yaml/expected-value.js';
import type { TextPatch } from '../../yaml/text-patch.js';
import { classifyExpressions, type DangerousExpression } from './classify-expressions.js';
import { pathKey } from './expressions.js';
import { lexPwsh } from './pwsh-context.js';
import { rewritesFor, type ScriptRewrite } from './replacement.js';
import { scalarSource } from './scalar-source.js';
import { reparsedBy } from './script-context.js';
import { lexSh } from './sh-context.js';
import { bindVariable, envPatch, visibleEnv, type Binding } from './step-env.js';
import { stepShell } from './step-shell.js';

/** Finds attacker-controlled expressions in one step's `run:` and moves those it safely can into `env:`. */
export function fixRun(file: SourceFile, step: StepRef, runPair: Pair<Scalar, Node | null>, linuxLabels: readonly string[], out: FileRuleResult): void {
  const node = isAlias(runPair.value) ? runPair.value.resolve(file.doc) : runPair.value;
  if (!isScalar(node) || typeof node.value !== 'string') return;
  const script = node.value;
  const { spans, dangerous } = classifyExpressions(script);
  if (dangerous.length === 0) return;

  const source = scalarSource(file, runPair.value);
  const lineOf = (d: DangerousExpression) => {
    const at = typeof source === 'string' ? undefined : source.sourceOf(d.span.start, d.span.end);
    return at ? lineAt(file, at.start) : lineOfNode(file, runPair.value);
  };
  const report = (d: DangerousExpression, reason: string) =>
    out.notes.push({ line: lineOf(d), message: `${d.text} in run: is attacker-controlled (${describe(d)}) and was left in place: ${reason}; pass it through env: by hand` });

  const candidates: DangerousExpression[] = [];
  for (const d of dangerous) {
    if (d.path) candidates.push(d);
    else report(d, d.reason!);
  }
  if (candidates.length === 0) return;

  const shell = stepShell(file, step, linuxLabels);
  const env = visibleEnv(file, step);
  const blocker =
    layoutBlocker(file, step) ??
    (shell.family === undefined ? shell.reason : undefined) ??
    (typeof source === 'string' ? source : undefined) ??
    (typeof env === 'string' ? env : undefined);
  if (blocker || shell.family === undefined || typeof source === 'string' || typeof env === 'string') {
    for (const d of candidates) report(d, blocker ?? 'the step cannot be rewritten');
    return;
  }

  const contexts = (shell.family === 'sh' ? lexSh : lexPwsh)(script, spans);
  const bindings = new Map<string, Binding>();
  const taken = new Set<string>();
  let rewrites: { d: DangerousExpression; rewrite: ScriptRewrite; patch: TextPatch; binding: Binding }[] = [];
  for (const d of candidates) {
    const ctx = contexts[spans.indexOf(d.span)]!;
    const lineEnd = script.indexOf('\n', d.span.end);
    const reparse = reparsedBy(ctx, script.slice(d.span.end, lineEnd === -1 ? script.length : lineEnd));
    if (reparse) {
      report(d, `the script hands it to ${reparse}, which would still run it as code`);
      continue;
    }
    const key = pathKey(d.path!);
    const binding = bindings.get(key) ?? bindVariable(d.path!, env, script, taken);
    const options = rewritesFor(shell.family, ctx, script, d.span.start, d.span.end, binding.name);
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
    rewrites.push({ d, rewrite: chosen.r, patch: { start: chosen.at!.start, end: chosen.at!.end, text: source.encode(chosen.r.text) }, binding });
  }
  const entries = new Map<string, string>();
  for (const { d, binding } of rewrites) if (binding.add && !entries.has(binding.name)) entries.set(binding.name, `\${{ ${d.span.inner.trim()} }}`);
  let envInsert: TextPatch | undefined;
  if (entries.size > 0) {
    const patch = envPatch(file, step, runPair.key, [...entries].map(([name, value]) => ({ name, value })));
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
    const ref = shell.family === 'sh' ? `\${${binding.name}}` : `$env:${binding.name}`;
    const holder = env.has(binding.name) ? 'an existing env entry' : 'a variable the runner sets';
    messages.set(
      binding.name,
      binding.add ? `moved ${d.text} out of run: into the step's env as ${binding.name} (read as ${ref})` : `replaced ${d.text} in run: with ${ref}, ${holder}`,
    );
  }
  const ops: EditOp[] = [{ kind: 'set', path: [...step.path, 'run'], value: applyRewrites(script, rewrites.map((r) => r.rewrite)) }];
  for (const [name, value] of entries) ops.push({ kind: 'set', path: [...step.path, 'env', name], value });
  const patches = [...rewrites.map((r) => r.patch), ...(envInsert ? [envInsert] : [])];
  out.edits.push({ patches, ops, line: lineOf(rewrites[0]!.d), message: [...messages.values()].join('; ') });
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
  if (stepInFlow(file, step) || step.map?.flow) return 'the step is written in flow style ({ … } or [ … ]), where the fix cannot add lines';
  if (step.map?.anchor) return 'the step carries an anchor that other steps alias';
  const groupNodes = step.enclosing.length === 0 ? [] : [...step.enclosing.map((g) => g.map), ...step.enclosing.slice(1).map((g) => g.seq), step.seq];
  if (groupNodes.some((n) => n?.anchor)) return 'its parallel: group carries an anchor that other steps alias';
  if (step.map?.items.some((p) => keyName(p) === '<<')) return 'the step uses a << merge key';
  return undefined;
}
