import { isMap, isScalar } from 'yaml';
import { stepRun } from '../../model/step-info.js';
import { jobsOf, stepsOfJob, type StepRef } from '../../model/workflow-model.js';
import { workflowTriggers, type WorkflowTrigger } from '../../model/workflow-triggers.js';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { locatePair } from '../../yaml/locate-pair.js';
import { keyName, locate, mapOf, pairOf, seqOf, stringOf, valueOf } from '../../yaml/ast.js';
import { CACHE_AWARE_ACTIONS, PUBLISH_COMMAND, PUBLISHER_ACTIONS } from './cache-aware-actions.js';
import { controlInputs, evaluate, type Coordinate, type Usage } from './cache-controls.js';

type LineAt = { line: number; column: number; span?: { from: number; to: number } };

export const cachePoisoning = fileRule({
  id: 'cache-poisoning',
  kinds: ['workflow'],
  defaultEnabled: true,
  action: 'report',
  severity: 'high',
  confidence: 'low',
  help: 'Do not restore caches in jobs that publish: remove the cache (the input or the actions/cache step), set its lookup-only or disabling input, or skip it with an if: on the release trigger.',
  title: 'Report caches restored in workflows that publish',
  explanation:
    'Any workflow in the repository, including one a pull request runs, can write to the GitHub Actions cache. A ' +
    'release job that restores a cache may build from what an attacker put there, and publish it. Whether a cache is ' +
    'safe depends on what the job does with it, so Rampart reports it.',
  async check({ file }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    let trigger: string | undefined | null = null;
    for (const job of jobsOf(file)) {
      const steps = stepsOfJob(job);
      // Caches first: most jobs have none, and then whether they publish does not matter.
      const caches = steps.flatMap((step) => {
        const cache = cacheUse(step);
        return cache ? [{ step, cache }] : [];
      });
      if (caches.length === 0) continue;
      if (trigger === null) trigger = publishingTrigger(workflowTriggers(file));
      const publishes = trigger ?? publishingStep(steps);
      if (!publishes) continue;
      for (const { step, cache } of caches) {
        const stepSpan = locate(file, step.node).span;
        out.notes.push({
          ...cache.at(file),
          ...(stepSpan ? { span: stepSpan } : {}),
          message: `job ${job.id} ${cache.what} in a workflow that publishes (${publishes}): a cache poisoned by another workflow run would reach what is published`,
        });
      }
    }
    return out;
  },
});

/** A trigger used to publish, as zizmor reads them: a release, a push of tags, a push to a branch named for releases. */
function publishingTrigger(triggers: readonly WorkflowTrigger[]): string | undefined {
  for (const t of triggers) {
    if (t.name === 'release') return 'runs on release';
    if (t.name !== 'push' || !isMap(t.config)) continue;
    if (pairOf(t.config, 'tags') || pairOf(t.config, 'tags-ignore')) return 'runs on pushed tags';
    const branches = seqOf(valueOf(t.config, 'branches'))?.items.map((b) => stringOf(b) ?? '') ?? [
      stringOf(valueOf(t.config, 'branches')) ?? '',
    ];
    const release = branches.find((b) => b.toLowerCase().includes('release'));
    if (release) return `runs on pushes to ${release}`;
  }
  return undefined;
}

/** A step of the job that publishes: a known publishing action, or a publishing command in a script. */
function publishingStep(steps: readonly StepRef[]): string | undefined {
  for (const step of steps) {
    const uses = usage(step, PUBLISHER_BY_ACTION);
    if (uses && uses.usage !== 'off') return `uses ${uses.coordinate.action}`;
    const m = PUBLISH_COMMAND.exec(stepRun(step) ?? '');
    if (m) return `runs \`${m[0]}\``;
  }
  return undefined;
}

function cacheUse(step: StepRef): { at: (file: SourceFile) => LineAt; what: string } | undefined {
  const found = usage(step, CACHE_BY_ACTION);
  if (!found || found.usage === 'off') return undefined;
  const { coordinate, usage: how } = found;
  const name = coordinate.action;
  const uses = valueOf(step.map, 'uses');
  if (!coordinate.control || how === 'default') {
    // An opt-out input (`lookup-only`) belongs to an action that is there to cache; an opt-in one that is on anyway is worth saying.
    const optIn = coordinate.control && !('input' in coordinate.control && coordinate.control.toggle === 'out');
    return {
      at: (file) => locate(file, uses),
      what: `restores a cache with ${name}${optIn ? ' (it caches by default)' : ''}`,
    };
  }
  const inputs = controlInputs(coordinate.control);
  const withMap = mapOf(valueOf(step.map, 'with'));
  const pair = withMap?.items.find((p) => inputs.includes(keyName(p) ?? ''));
  const setting = pair ? `${keyName(pair)}: ${stringOf(pair.value) ?? '…'}` : inputs.join(', ');
  return {
    at: (file) => (pair ? locatePair(file, pair) : locate(file, uses)),
    what: `${how === 'maybe' ? 'may restore' : 'restores'} a cache with ${name} (${setting})`,
  };
}

/** Looked up by `owner/repo[/path]`: every step of every job is checked against both lists. */
const CACHE_BY_ACTION = new Map(CACHE_AWARE_ACTIONS.map((c) => [c.action, c]));
const PUBLISHER_BY_ACTION = new Map(PUBLISHER_ACTIONS.map((c) => [c.action, c]));

function usage(
  step: StepRef,
  coordinates: ReadonlyMap<string, Coordinate>,
): { coordinate: Coordinate; usage: Usage } | undefined {
  const uses = stringOf(valueOf(step.map, 'uses'));
  const at = uses?.indexOf('@') ?? -1;
  // `owner/repo[/path]@ref`; local, docker:// and expression references match no entry.
  const coordinate = at > 0 ? coordinates.get(uses!.slice(0, at).trim().toLowerCase()) : undefined;
  if (!coordinate) return undefined;
  if (!coordinate.control) return { coordinate, usage: 'on' };
  const inputs = new Map<string, string | null>();
  for (const pair of mapOf(valueOf(step.map, 'with'))?.items ?? []) {
    const k = keyName(pair);
    // A mapping or list as an input is not empty: it counts as set.
    if (k !== undefined) inputs.set(k, isScalar(pair.value) ? (stringOf(pair.value) ?? null) : pair.value ? '…' : null);
  }
  return { coordinate, usage: evaluate(coordinate.control, inputs) };
}
