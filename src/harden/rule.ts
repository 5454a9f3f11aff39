import type { RemoteActions } from './remote-actions/prefetch-remote-actions.js';
import type { RunScriptContext, RunScriptReading } from './run-scripts/read-run-script.js';
import type { ActionResolver } from './resolver/action-resolver.js';
import type { HardenOptions } from './options.js';
import type { FileKind, RuleId, SourceFile } from './types.js';
import type { TextPatch } from './yaml/text-patch.js';
import type { EditOp } from './yaml/expected-value.js';

/** One fix: the text patches that make it, the value change they must produce, and the finding it answers. */
export interface RuleEdit {
  patches: TextPatch[];
  ops: EditOp[];
  line: number;
  /** The last line it rewrites, when that is not `line` (a block narrowed scope by scope). */
  endLine?: number;
  message: string;
}

/** A finding the rule reports without changing the file. */
export interface RuleNote {
  line: number;
  message: string;
}

export interface FileRuleResult {
  edits: RuleEdit[];
  notes: RuleNote[];
}

/** What a rule may know about the rest of the repository (local actions, the Dependabot file). */
export interface RepoView {
  parsed: ReadonlyMap<string, SourceFile>;
  paths: ReadonlySet<string>;
  /** Any file given as UTF-8 text (local scripts, package.json), or undefined. */
  text(path: string): string | undefined;
  /** Remote actions the knowledge base lacks, read at their commits; empty offline. */
  remoteActions: RemoteActions;
  /** `readRunScript`, remembered for this run: several rules read the same scripts. */
  readScript(script: string, ctx: RunScriptContext): RunScriptReading;
}

export interface FileContext {
  file: SourceFile;
  repo: RepoView;
  options: HardenOptions;
  resolver: ActionResolver;
}

export interface RepoContext {
  repo: RepoView;
  options: HardenOptions;
}

export type RepoRuleResult =
  | { kind: 'none'; notes?: RuleNote[]; path?: string }
  | { kind: 'create'; path: string; text: string; message: string }
  | { kind: 'edit'; path: string; result: FileRuleResult };

interface RuleInfo {
  id: RuleId;
  /** One line for option screens. */
  title: string;
  /** Why the rule matters and what it changes, for PR bodies and `--help`. */
  explanation: string;
  defaultEnabled: boolean;
}

export interface FileRule extends RuleInfo {
  scope: 'file';
  kinds: readonly FileKind[];
  check(ctx: FileContext): Promise<FileRuleResult>;
}

export interface RepoRule extends RuleInfo {
  scope: 'repo';
  check(ctx: RepoContext): Promise<RepoRuleResult>;
}

export type Rule = FileRule | RepoRule;

export const noFindings = (): FileRuleResult => ({ edits: [], notes: [] });
