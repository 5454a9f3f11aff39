import { stepActionKey, stepRun, stepUses } from '../../model/step-info.js';
import { compositeSteps, type StepRef } from '../../model/workflow-model.js';
import type { RepoView } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { lineOfNode } from '../../yaml/ast.js';

/** git commands that talk to the remote, and so use the credential checkout leaves in .git/config. */
const REMOTE_GIT = /\bgit\s+(?:-[\w-]+(?:[= ]\S+)?\s+)*(push|pull|fetch|ls-remote|submodule|clone|remote\s+update)\b/;
const REMOTE_GH = /\bgh\s+(pr\s+checkout|repo\s+(clone|sync))\b/;

export interface CredentialUse {
  line: number;
  what: string;
}

/**
 * The first later step that relies on the persisted checkout credential, if any: a run script with remote git,
 * an action known to push with it, or a local composite action that does either. A local action Rampart cannot
 * read counts as a use, since it might.
 */
export function laterCredentialUse(
  steps: readonly StepRef[],
  after: number,
  file: SourceFile,
  repo: RepoView,
  usesCredential: (actionKey: string) => boolean,
): CredentialUse | undefined {
  for (const step of steps.slice(after + 1)) {
    const found = stepCredentialUse(step, file, repo, usesCredential, 0);
    if (found) return found;
  }
  return undefined;
}

function stepCredentialUse(
  step: StepRef,
  file: SourceFile,
  repo: RepoView,
  usesCredential: (actionKey: string) => boolean,
  depth: number,
): CredentialUse | undefined {
  const line = lineOfNode(file, step.node);
  const run = stepRun(step);
  const cmd = run && (REMOTE_GIT.exec(run) ?? REMOTE_GH.exec(run));
  if (cmd) return { line, what: `\`${cmd[0]}\`` };
  const key = stepActionKey(step);
  if (key && usesCredential(key)) return { line, what: key };
  const uses = stepUses(step);
  if (uses?.kind !== 'local') return undefined;
  const action = localAction(repo, uses.path);
  if (!action || depth > 3) return { line, what: `the local action ${uses.path}, which Rampart cannot read` };
  for (const inner of compositeSteps(action)) {
    if (stepCredentialUse(inner, action, repo, usesCredential, depth + 1)) return { line, what: `the local action ${uses.path}` };
  }
  return undefined;
}

/** The action.yml a `./path` reference points at; JavaScript and Docker actions count as unreadable. */
function localAction(repo: RepoView, ref: string): SourceFile | undefined {
  const dir = ref.replace(/^\.\//, '').replace(/\/+$/, '');
  for (const name of ['action.yml', 'action.yaml']) {
    const file = repo.parsed.get(dir ? `${dir}/${name}` : name);
    if (file && compositeSteps(file).length > 0) return file;
  }
  return undefined;
}

