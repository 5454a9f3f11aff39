import { lookupActionPermissions } from '../../knowledge/action-permissions.js';
import { localActionFile } from '../../model/local-action-file.js';
import { stepRun, stepUses } from '../../model/step-info.js';
import { compositeSteps, type StepRef } from '../../model/workflow-model.js';
import { remoteActionKey } from '../../remote-actions/prefetch-remote-actions.js';
import type { RepoView } from '../../rule.js';
import { jobNames, runScriptContext } from '../../run-scripts/names.js';
import type { SourceFile } from '../../types.js';
import { lineOfNode } from '../../yaml/ast.js';

const REMOTE_GH = /\bgh\s+(pr\s+checkout|repo\s+(clone|sync))\b/;
const MAX_DEPTH = 3;

export interface CredentialUse {
  line: number;
  what: string;
}

/**
 * The first step that may rely on the credential the checkout at `at` persists: a later step, or any other step of
 * the job when steps run in parallel or in the background. A step relies on it when it pushes (git push, a tool of
 * the push-command knowledge base, also in local or package scripts), reaches the remote with git, runs a make/npm
 * target or local script it cannot read whose name says it may push, or uses an action that pushes with it — or an
 * action whose code cannot be read at all, since that might.
 */
export function laterCredentialUse(
  steps: readonly StepRef[],
  at: number,
  file: SourceFile,
  repo: RepoView,
): CredentialUse | undefined {
  const concurrent = steps.some((s) => s.background || s.group !== undefined);
  const candidates = concurrent ? steps.filter((_, i) => i !== at) : steps.slice(at + 1);
  for (const step of candidates) {
    const found = stepCredentialUse(step, file, repo, 0);
    if (found) return { line: lineOfNode(file, step.node), what: found };
  }
  return undefined;
}

function stepCredentialUse(step: StepRef, file: SourceFile, repo: RepoView, depth: number): string | undefined {
  const run = stepRun(step);
  if (run !== undefined && step.map) {
    const gh = REMOTE_GH.exec(run);
    if (gh) return `\`${gh[0]}\``;
    const reading = repo.readScript(run, runScriptContext(step.map, jobNames(step.job), repo));
    const push = reading.pushes.find((p) => !p.command || p.command.pushesWithGit);
    if (push) return `\`${push.label}\`${push.via ? ` in ${push.via}` : ''}`;
    if (reading.remoteGit[0]) return `\`${reading.remoteGit[0]}\``;
    if (reading.opaque[0]) return reading.opaque[0];
    return undefined;
  }
  const uses = stepUses(step);
  if (uses?.kind === 'remote') {
    const entry = lookupActionPermissions(uses.action);
    if (entry) return entry.needsPersistedCredentials ? uses.action.toLowerCase() : undefined;
    const remote = repo.remoteActions.get(remoteActionKey(uses.action, uses.ref));
    if (remote?.kind !== 'metadata')
      return `${uses.action}, which is not in the knowledge base and whose action.yml could not be read, so it may push with it`;
    return actionUse(remote.file, `${uses.action}@${uses.ref}`, repo, depth);
  }
  if (uses?.kind === 'local') {
    const action = localActionFile(repo.parsed, uses.path);
    if (!action) return `the local action ${uses.path}, which Rampart cannot read`;
    return actionUse(action, `the local action ${uses.path}`, repo, depth);
  }
  return undefined;
}

/** A composite action relies on the credential when one of its steps does; other actions' code cannot be read. */
function actionUse(action: SourceFile, label: string, repo: RepoView, depth: number): string | undefined {
  const steps = compositeSteps(action);
  if (steps.length === 0) return `${label}, whose code Rampart cannot read, so it may push with it`;
  if (depth >= MAX_DEPTH) return `${label}, which nests too deep to read`;
  for (const inner of steps) {
    const found = stepCredentialUse(inner, action, repo, depth + 1);
    if (found) return `${label} (${found})`;
  }
  return undefined;
}
