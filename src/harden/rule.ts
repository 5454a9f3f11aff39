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
