import { isMap, isScalar, isSeq } from 'yaml';
import { stepRun } from '../../model/step-info.js';
import { stepsOf, type StepRef } from '../../model/workflow-model.js';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { keyName, pairOf, positionAt, positionOfNode, spanOfNode, stringOf, valueOf } from '../../yaml/ast.js';
import { classifyExpressions } from '../template-injection/classify-expressions.js';
import { scalarSource } from '../template-injection/scalar-source.js';
import { envFileWrites, type EnvFileWrite } from './env-file-writes.js';

/** Triggers under which a fork's pull request or run decides what the workflow sees (zizmor's github-env scope). */
const PRIVILEGED = ['pull_request_target', 'workflow_run'];

export const githubEnv = fileRule({
  id: 'github-env',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  action: 'report',
  severity: 'high',
  confidence: 'low',
  help: 'Write only fixed names and values to $GITHUB_ENV and $GITHUB_PATH; pass data to later steps through step outputs read as `${{ steps.<id>.outputs.<name> }}` in env:, and validate it first.',
  title: 'Report attacker-controlled data written to $GITHUB_ENV, $GITHUB_PATH and $GITHUB_OUTPUT',
  explanation:
    'A line written to $GITHUB_ENV sets a variable for every later step, and one written to $GITHUB_PATH puts a ' +
    'directory first on their PATH: in a pull_request_target or workflow_run workflow, text from the pull request ' +
    'written there (with a newline to start a line of its own) sets `LD_PRELOAD`, `NODE_OPTIONS` or `BASH_ENV`, or ' +
    'a PATH entry, and so runs code with the base repository’s secrets. Rampart reports such writes; what is safe to ' +
    'write needs a person.',
  async check({ file }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    // A composite action does not know its caller's trigger, so it is read as zizmor reads it: as if privileged.
    if (file.kind === 'workflow' && !triggers(file).some((t) => PRIVILEGED.includes(t))) return out;
    for (const step of stepsOf(file)) {
      const script = stepRun(step);
      if (script === undefined) continue;
      const writes = envFileWrites(script);
      if (writes.length === 0) continue;
      const tainted = taintedVariables(file, step);
      for (const write of writes) {
        const note = judge(write, tainted);
        if (note) out.notes.push({ ...where(file, step, script, write.offset), ...note });
      }
    }
    return out;
  },
});

/**
 * How a write weighs: a dangerous `${{ … }}` or a variable the step's env fills from one is attacker data for sure;
 * any other expansion may be (zizmor reports those at low confidence). Outputs feed only later expressions, so they
 * are reported only for certain attacker data, at medium severity.
 */
function judge(
  write: EnvFileWrite,
  tainted: ReadonlyMap<string, string>,
): { severity?: 'medium'; confidence?: 'high'; message: string } | undefined {
  if (write.literal) return undefined;
  const dangerous = classifyExpressions(write.data).dangerous[0];
  const variable = [...tainted].find(([name]) => new RegExp(String.raw`\$(\{|env:)?${name}\b`, 'i').test(write.data));
  const source = dangerous
    ? `${dangerous.text} (${dangerous.controlledBy})`
    : variable
      ? `$${variable[0]} (set from ${variable[1]})`
      : undefined;
  const target = `$${write.file}`;
  if (write.file === 'GITHUB_OUTPUT') {
    if (!source) return undefined;
    return {
      severity: 'medium',
      confidence: 'high',
      message: `writes ${source} to ${target}: a later \${{ steps.*.outputs.* }} carries it, and a newline in it sets other outputs`,
    };
  }
  const effect =
    write.file === 'GITHUB_ENV'
      ? 'sets environment variables (LD_PRELOAD, NODE_OPTIONS, BASH_ENV) for every later step'
      : 'puts a directory first on the PATH of every later step';
  if (source)
    return {
      confidence: 'high',
      message: `writes ${source} to ${target}, which ${effect}: attacker text there runs code`,
    };
  return {
    message: `writes to ${target} what the script computes (\`${firstLine(write.data)}\`), which ${effect}; check that no pull request can choose it`,
  };
}

/** Variables of the step's env (and the job's and workflow's) whose value is an attacker-controlled expression. */
function taintedVariables(file: SourceFile, step: StepRef): Map<string, string> {
  const out = new Map<string, string>();
  const levels = [
    file.kind === 'workflow' ? valueOf(file.doc.contents, 'env') : undefined,
    valueOf(step.job?.map, 'env'),
    valueOf(step.map, 'env'),
  ];
  for (const env of levels) {
    if (!isMap(env)) continue;
    for (const pair of env.items) {
      const name = keyName(pair);
      const value = stringOf(pair.value);
      const d = value === undefined ? undefined : classifyExpressions(value).dangerous[0];
      if (name !== undefined && d) out.set(name, d.context);
    }
  }
  return out;
}

/** The line of the write in the file when the script is written verbatim there, else the `run:` value. */
function where(file: SourceFile, step: StepRef, script: string, offset: number) {
  const run = pairOf(step.map, 'run')!.value;
  const source = scalarSource(file, run);
  const lineEnd = script.indexOf('\n', offset);
  const at = typeof source === 'string' ? undefined : source.sourceOf(offset, lineEnd === -1 ? script.length : lineEnd);
  const span = spanOfNode(file, step.node);
  return { ...(at ? positionAt(file, at.start) : positionOfNode(file, run)), ...(span ? { span } : {}) };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

function triggers(file: SourceFile): string[] {
  const on = valueOf(file.doc.contents, 'on');
  if (isScalar(on)) return [String(on.value)];
  if (isSeq(on)) return on.items.map((i) => stringOf(i)).filter((s): s is string => s !== undefined);
  if (isMap(on)) return on.items.map((p) => keyName(p)).filter((s): s is string => s !== undefined);
  return [];
}
