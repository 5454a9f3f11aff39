import { isAlias, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import { jobsOf, stepsOf, stepsOfJob, type StepRef } from '../../model/workflow-model.js';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { locate, mapOf, pairOf, positionOfNode, stringOf, type Path } from '../../yaml/ast.js';
import { locatePair } from '../../yaml/locate-pair.js';
import { patchLines } from '../../yaml/patch-lines.js';
import { removeEntry } from './remove-entry.js';
import { stepLabel, stillNeeded } from './still-needed.js';

const VARIABLE = 'ACTIONS_ALLOW_UNSECURE_COMMANDS';

/** One `env:` the variable could be set in, and the steps it reaches. */
interface EnvScope {
  pair: Pair<Scalar, Node | null>;
  path: Path;
  where: () => string;
  steps: readonly StepRef[];
  /** A composite action's step: its author's, run in other people's workflows; Rampart reports there. */
  composite: boolean;
}

export const insecureCommands = fileRule({
  id: 'insecure-commands',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'high',
  confidence: 'high',
  help: `Write to "$GITHUB_ENV" and "$GITHUB_PATH" instead of printing \`::set-env\` or \`::add-path\`, update any action that still prints them, then remove ${VARIABLE}.`,
  title: 'Remove ACTIONS_ALLOW_UNSECURE_COMMANDS',
  explanation:
    `${VARIABLE}: true turns back on the \`::set-env\` and \`::add-path\` workflow commands GitHub disabled in 2020: ` +
    'anything that prints to the log (a test, a dependency, text from an issue) can then set environment variables or ' +
    'PATH for the steps after it, which is code execution. Rampart removes the variable where no step in its reach ' +
    'prints those commands, and reports it where one may.',
  async check({ file }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    // Most files name neither the variable nor an `env:` computed by an expression: a scan of the text spares the walk.
    if (!file.text.includes(VARIABLE) && !/env:\s*["']?\$\{\{/.test(file.text)) return out;
    for (const scope of envScopes(file)) {
      const env = scope.pair.value;
      const envMap = mapOf(env);
      if (!envMap) {
        if (stringOf(env)?.includes('${{')) {
          out.notes.push({
            ...locate(file, scope.pair.key),
            confidence: 'low',
            message: `the env of ${scope.where()} is computed by an expression, which may set ${VARIABLE} and turn on \`::set-env\` and \`::add-path\``,
          });
        }
        continue;
      }
      const entry = pairOf(envMap, VARIABLE);
      if (!entry) continue;
      const value = isAlias(entry.value) ? entry.value.resolve(file.doc) : entry.value;
      const where = locatePair(file, entry);
      const text = isScalar(value) ? value.value : undefined;
      if (typeof text === 'string' && text.includes('${{')) {
        out.notes.push({
          ...where,
          confidence: 'medium',
          message: `${VARIABLE} in the env of ${scope.where()} is set by an expression (${text.trim()}), which may turn on \`::set-env\` and \`::add-path\``,
        });
        continue;
      }
      if (!truthy(text)) continue;
      const found = `${VARIABLE}: ${String(text).trim()} in the env of ${scope.where()} turns on the \`::set-env\` and \`::add-path\` workflow commands, which let anything printed to the log set variables and PATH`;
      const reason = scope.composite
        ? 'it is in a composite action, whose steps and callers Rampart cannot see'
        : isAlias(entry.value)
          ? 'its value is an alias'
          : stillNeeded(scope.steps);
      if (reason) {
        out.notes.push({ ...where, message: `${found}; not removed: ${reason}` });
        continue;
      }
      const removal = removeEntry(file, scope.pair, envMap, entry, scope.path);
      if (typeof removal === 'string') {
        out.notes.push({ ...where, message: `${found}; not removed: ${removal}` });
        continue;
      }
      // Taking the whole `env:` rewrites lines above the variable's: the fix starts where the rewrite does.
      const lines = patchLines(file, removal.patches);
      const from = lines.first < where.line ? positionOfNode(file, scope.pair.key) : where;
      out.edits.push({
        ...where,
        ...from,
        ...(lines.last > from.line ? { endLine: lines.last } : {}),
        ...removal,
        message: `removed ${VARIABLE} from the env of ${scope.where()}: it turned on the \`::set-env\` and \`::add-path\` workflow commands, and no step it reaches prints them`,
      });
    }
    return out;
  },
});

/** Booleans and strings as the runner reads them: C#'s Boolean.TryParse, so `true` in any case, nothing else. */
function truthy(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

function envScopes(file: SourceFile): EnvScope[] {
  const scopes: EnvScope[] = [];
  const add = (map: unknown, path: Path, where: () => string, steps: readonly StepRef[], composite = false) => {
    const pair = pairOf(map, 'env');
    if (pair) scopes.push({ pair, path: [...path, 'env'], where, steps, composite });
  };
  if (file.kind === 'workflow') {
    const jobs = jobsOf(file);
    add(file.doc.contents, [], () => 'the workflow', jobs.flatMap(stepsOfJob));
    for (const job of jobs) add(job.map, job.path, () => `job ${job.id}`, stepsOfJob(job));
  }
  for (const step of stepsOf(file)) add(step.map, step.path, () => stepLabel(step), [step], file.kind === 'action');
  return scopes;
}
