import type { Node, Scalar, YAMLMap } from 'yaml';
import { lookupActionPermissions, type ActionPermissions } from '../../knowledge/action-permissions.js';
import { parseUses } from '../../model/action-ref.js';
import { localActionFile } from '../../model/local-action-file.js';
import { compositeSteps } from '../../model/workflow-model.js';
import { remoteActionKey } from '../../remote-actions/prefetch-remote-actions.js';
import type { RepoView } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { mapOf, positionOfNode, stringOf, valueOf } from '../../yaml/ast.js';
import { conditionHolds } from './condition.js';
import { githubScriptNeeds } from './github-script-needs.js';
import { emptyInference, mergeInto, via, type At, type Inference } from './needs.js';
import { runStepNeeds } from './run-step-needs.js';
import { expressionScope, inputMap, literalMap } from './scopes.js';
import { namesGithubToken, tokenKind, type ExpressionScope, type TokenKind } from './token-expression.js';
import { runScriptContext } from '../../run-scripts/names.js';
import type { NamedThing } from '../../run-scripts/read-run-script.js';

/** How deep local actions and reusable workflows are followed. */
export const MAX_DEPTH = 4;

export interface InferContext {
  repo: RepoView;
  /** Files being analysed on the current path, so a cycle stops. */
  visiting: ReadonlySet<string>;
  depth: number;
}

export interface StepContext {
  file: SourceFile;
  /** Message prefix, e.g. "job build". */
  where: string;
  /** Env maps around the step (job's, then workflow's), innermost first. */
  outerEnv: readonly ReadonlyMap<string, string>[];
  input: (name: string) => TokenKind | undefined;
  infer: InferContext;
  /** Where messages point; set when the step lives in another file than the one being hardened. */
  at?: At;
  /** The job's name and id, which may say what an unreadable script does. */
  names: readonly NamedThing[];
  /** An earlier actions/checkout in the job left GITHUB_TOKEN in .git/config. */
  credentialPersisted: boolean;
}

export interface StepInference extends Inference {
  checksOut: boolean;
  /** For an actions/checkout step: whether the credential it persists for later git commands is GITHUB_TOKEN; 'none' with `persist-credentials: false`. */
  persists?: TokenKind | 'none';
}

const TOKENISH = /TOKEN|PAT\b|AUTH|PASSWORD/i;

/** What one step needs from GITHUB_TOKEN, or why that cannot be known. */
export function stepNeeds(
  step: YAMLMap<Scalar, Node | null> | undefined,
  node: Node | null,
  ctx: StepContext,
): StepInference {
  const at = ctx.at ?? positionOfNode(ctx.file, node);
  const out: StepInference = { needs: [], unknown: [], checksOut: false };
  if (!step) {
    out.unknown.push({ ...at, message: `${ctx.where}: a step is an alias or not a mapping` });
    return out;
  }
  const env = literalMap(valueOf(step, 'env'));
  const scope = expressionScope([env, ...ctx.outerEnv], ctx.input);
  const tokenVars: string[] = [];
  for (const [name, value] of env) {
    const kind = tokenKind(value, scope);
    if (kind === 'github') tokenVars.push(name);
    else if (kind === 'unknown' && TOKENISH.test(name)) {
      out.unknown.push({
        ...at,
        message: `${ctx.where}: the step's env ${name} is an expression whose value Rampart cannot tell`,
      });
    }
  }
  const usesNode = valueOf(step, 'uses');
  const run = stringOf(valueOf(step, 'run'));
  if (usesNode === undefined) {
    if (run !== undefined) {
      const around = runScriptContext(step, ctx.names, ctx.infer.repo);
      mergeInto(
        out,
        runStepNeeds({
          script: run,
          tokenVars,
          scope,
          at,
          where: ctx.where,
          around,
          credentialPersisted: ctx.credentialPersisted,
          readScript: ctx.infer.repo.readScript,
        }),
      );
    }
    return out;
  }
  const uses = stringOf(usesNode);
  if (uses === undefined) {
    out.unknown.push({ ...at, message: `${ctx.where}: a uses: value is not a plain string` });
    return out;
  }
  const ref = parseUses(uses);
  const inputs = inputMap(valueOf(step, 'with'));
  if (ref.kind === 'remote') {
    const key = ref.action.toLowerCase();
    if (key === 'actions/checkout') {
      out.checksOut = true;
      const token = inputs.get('token');
      const persist = inputs.get('persist-credentials');
      if (persist !== undefined && persist.trim().toLowerCase() === 'false') out.persists = 'none';
      else out.persists = token === undefined ? 'github' : tokenKind(token, scope);
    }
    const entry = lookupActionPermissions(key);
    if (entry) {
      mergeInto(out, knownActionNeeds(key, entry, inputs, tokenVars, scope, at, ctx.where));
      return out;
    }
    const remote = ctx.infer.repo.remoteActions.get(remoteActionKey(ref.action, ref.ref));
    if (remote?.kind !== 'metadata') {
      const why = remote ? remote.reason : 'its action.yml was not read (offline, or no resolver that can read it)';
      out.unknown.push({ ...at, message: `${ctx.where}: ${key} is not in the knowledge base, and ${why}` });
      return out;
    }
    const r = actionFileNeeds(remote.file, `${key}@${ref.ref}`, inputs, tokenVars, scope, at, ctx);
    out.needs.push(...r.needs.map((n) => ({ ...n, source: n.source === key ? key : `${n.source} in ${key}` })));
    out.unknown.push(...r.unknown);
    out.checksOut ||= r.checksOut;
    return out;
  }
  if (ref.kind === 'local') {
    const file = localActionFile(ctx.infer.repo.parsed, ref.path);
    if (!file) {
      out.unknown.push({
        ...at,
        message: `${ctx.where}: the local action ${ref.path} is not among the files given, so its needs cannot be read`,
      });
      return out;
    }
    const r = actionFileNeeds(file, `the local action ${ref.path}`, inputs, tokenVars, scope, at, ctx);
    out.needs.push(...via(r.needs, ref.path));
    out.unknown.push(...r.unknown);
    out.checksOut ||= r.checksOut;
    return out;
  }
  if (ref.kind === 'docker') {
    const handed = tokenVars.length > 0 || [...inputs.values()].some((v) => tokenKind(v, scope) === 'github');
    if (handed)
      out.unknown.push({
        ...at,
        message: `${ctx.where}: docker://${ref.image} is given the token; what it does with it cannot be known`,
      });
    return out;
  }
  out.unknown.push({ ...at, message: `${ctx.where}: uses: ${uses} cannot be read statically` });
  return out;
}

function knownActionNeeds(
  key: string,
  entry: ActionPermissions,
  inputs: ReadonlyMap<string, string>,
  tokenVars: readonly string[],
  scope: ExpressionScope,
  at: At,
  where: string,
): Inference {
  const out = emptyInference();
  let gets = false;
  if (entry.tokenInput !== null) {
    const given = inputs.get(entry.tokenInput.toLowerCase());
    const kind: TokenKind = given === undefined ? (entry.tokenDefault ? 'github' : 'other') : tokenKind(given, scope);
    if (kind === 'unknown') {
      out.unknown.push({
        ...at,
        message: `${where}: the ${entry.tokenInput} input of ${key} is an expression whose value Rampart cannot tell`,
      });
      return out;
    }
    gets = kind === 'github';
  }
  const tokenInput = entry.tokenInput?.toLowerCase();
  const elsewhere = [...inputs].find(([name, value]) => name !== tokenInput && tokenKind(value, scope) === 'github');
  if (elsewhere) {
    out.unknown.push({
      ...at,
      message: `${where}: ${key} is given the token in its ${elsewhere[0]} input, which the knowledge base does not describe`,
    });
    return out;
  }
  if (tokenVars.some((v) => entry.tokenEnv.includes(v))) gets = true;
  if (entry.runsUserCommands && tokenVars.length > 0) {
    out.unknown.push({ ...at, message: `${where}: ${key} runs commands with the token in their environment` });
    return out;
  }
  if (entry.analysis === 'github-script') {
    if (!gets) return out;
    const script = inputs.get('script');
    if (script === undefined) return out;
    const r = githubScriptNeeds(script);
    out.needs.push(...r.needs);
    out.unknown.push(...r.unknown.map((m) => ({ ...at, message: `${where}: ${m}` })));
    return out;
  }
  for (const need of entry.needs) {
    if (!(need.scope === 'id-token' || entry.needsPersistedCredentials || gets)) continue;
    const holds = conditionHolds(need.when, inputs, scope);
    if (holds === 'unknown') {
      out.unknown.push({
        ...at,
        message: `${where}: whether ${key} needs ${need.scope}: ${need.level} depends on an input whose value Rampart cannot tell`,
      });
    } else if (holds) {
      out.needs.push({ scope: need.scope, level: need.level, source: key, reason: need.reason });
    }
  }
  return out;
}

/**
 * What a step using an action file needs: a composite action by its own steps (with the step's inputs bound), a
 * JavaScript or Docker action nothing — unless it can reach the token (an input that gets it, given or by default, or
 * the token in the step's env), since its code cannot be read.
 */
function actionFileNeeds(
  file: SourceFile,
  label: string,
  inputs: ReadonlyMap<string, string>,
  tokenVars: readonly string[],
  scope: ExpressionScope,
  at: At,
  ctx: StepContext,
): StepInference {
  const out: StepInference = { needs: [], unknown: [], checksOut: false };
  if (ctx.infer.visiting.has(file.path) || ctx.infer.depth >= MAX_DEPTH) {
    out.unknown.push({ ...at, message: `${ctx.where}: ${label} nests too deep or calls itself` });
    return out;
  }
  const declared = mapOf(valueOf(file.doc.contents, 'inputs'));
  const inputKind = (name: string): TokenKind | undefined => {
    const given = inputs.get(name.toLowerCase());
    if (given !== undefined) return tokenKind(given, scope);
    const def = stringOf(valueOf(valueOf(declared, name), 'default'));
    return def === undefined
      ? 'other'
      : tokenKind(
          def,
          expressionScope([], () => undefined),
        );
  };
  const using = stringOf(valueOf(valueOf(file.doc.contents, 'runs'), 'using'));
  if (using !== 'composite') {
    const names = (declared?.items ?? []).map((p) => stringOf(p.key)).filter((n): n is string => n !== undefined);
    const tokenInput = names.find((n) => inputKind(n) === 'github');
    // A Docker action's own `runs.env`/`runs.args` may name the token too.
    const named = namesGithubToken(file.text);
    if (tokenInput !== undefined || tokenVars.length > 0 || named) {
      const how =
        tokenInput !== undefined
          ? `its input ${tokenInput} gets the token`
          : tokenVars.length > 0
            ? 'the step hands it the token in env'
            : 'its action.yml names the token';
      out.unknown.push({
        ...at,
        message: `${ctx.where}: ${label} is a ${using ?? 'non-composite'} action whose code Rampart cannot read, and ${how}`,
      });
    }
    return out;
  }
  const inner: StepContext = {
    file,
    where: `${ctx.where}: ${label}`,
    outerEnv: [],
    input: inputKind,
    infer: { repo: ctx.infer.repo, visiting: new Set([...ctx.infer.visiting, file.path]), depth: ctx.infer.depth + 1 },
    at,
    names: ctx.names,
    credentialPersisted: ctx.credentialPersisted,
  };
  for (const step of compositeSteps(file)) {
    const r = stepNeeds(step.map, step.node, inner);
    out.needs.push(...r.needs);
    out.unknown.push(...r.unknown);
    out.checksOut ||= r.checksOut;
  }
  return out;
}
