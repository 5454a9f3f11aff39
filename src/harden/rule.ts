import type { RemoteActions } from './remote-actions/prefetch-remote-actions.js';
import type { RunScriptContext, RunScriptReading } from './run-scripts/read-run-script.js';
import type { ActionResolver } from './resolver/action-resolver.js';
import type { ImageResolver } from './resolver/image-resolver.js';
import type { HardenOptions } from './options.js';
import type { z } from 'zod';
import type { RuleId } from './rules/registry.js';
import type { Confidence, Severity } from './severity.js';
import type { FileKind, SourceFile } from './types.js';
import type { TextPatch } from './yaml/text-patch.js';
import type { EditOp } from './yaml/expected-value.js';

/** Lines (1-based, inclusive) of the node a finding is about: an ignore comment anywhere in them applies. */
export interface LineSpan {
  from: number;
  to: number;
}

/** Where a finding points and how it weighs; severity, confidence and help default to the rule's. */
interface FindingFacts {
  line: number;
  /** 1-based column of the offending node on `line`. */
  column: number;
  message: string;
  severity?: Severity;
  confidence?: Confidence;
  /** One sentence on fixing it by hand. */
  help?: string;
  /** The node's lines, when wider than the finding's own (a step, a job); see LineSpan. */
  span?: LineSpan;
}

/** One fix: the text patches that make it, the value change they must produce, and the finding it answers. */
export interface RuleEdit extends FindingFacts {
  patches: TextPatch[];
  ops: EditOp[];
  /** The last line it rewrites, when that is not `line` (a block narrowed scope by scope). */
  endLine?: number;
  /** Rules whose edit of the same spot this one also makes (a pin to a fixed release is a pin): theirs is dropped unsaid. */
  covers?: RuleId[];
}

/** A finding the rule reports without changing the file. */
export type RuleNote = FindingFacts;

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
  /** Container registries, when the caller can reach them; absent, unpinned images are reported. */
  images?: ImageResolver;
}

export interface RepoContext {
  repo: RepoView;
  options: HardenOptions;
}

export type RepoRuleResult =
  | { kind: 'none'; notes?: RuleNote[]; path?: string }
  | { kind: 'create'; path: string; text: string; message: string }
  | { kind: 'edit'; path: string; result: FileRuleResult };

/** A rule's own options: the key they sit under in the engine options, and their schema (defaults included). */
export interface RuleOptions {
  key: string;
  schema: z.ZodType;
}

interface RuleInfo<Id extends string> {
  id: Id;
  /** One line for option screens. */
  title: string;
  /** Why the rule matters and what it changes, for PR bodies and `--help`. */
  explanation: string;
  defaultEnabled: boolean;
  /** Whether it edits files or only reports; a fixing rule still reports what it cannot fix safely. */
  action: 'fix' | 'report';
  /** The weight of what it guards against; a finding may say otherwise. */
  severity: Severity;
  /** How sure its findings are, unless a finding says otherwise. */
  confidence: Confidence;
  /** One sentence on fixing its findings by hand, attached to those it reports without fixing. */
  help: string;
  options?: RuleOptions;
}

interface FileRuleBody {
  kinds: readonly FileKind[];
  check(ctx: FileContext): Promise<FileRuleResult>;
}

interface RepoRuleBody {
  check(ctx: RepoContext): Promise<RepoRuleResult>;
}

export interface FileRule<Id extends string = RuleId> extends RuleInfo<Id>, FileRuleBody {
  scope: 'file';
}

export interface RepoRule<Id extends string = RuleId> extends RuleInfo<Id>, RepoRuleBody {
  scope: 'repo';
}

export type Rule = FileRule | RepoRule;

/** Declares a file rule, keeping its id a literal type so the registry can derive `RuleId` from the definitions. */
export function fileRule<const Id extends string>(rule: RuleInfo<Id> & FileRuleBody): FileRule<Id> {
  return { ...rule, scope: 'file' };
}

export function repoRule<const Id extends string>(rule: RuleInfo<Id> & RepoRuleBody): RepoRule<Id> {
  return { ...rule, scope: 'repo' };
}

export const noFindings = (): FileRuleResult => ({ edits: [], notes: [] });
