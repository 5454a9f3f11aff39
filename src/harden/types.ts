import type { Document, LineCounter } from 'yaml';
import type { RuleId } from './rules/registry.js';
import type { Confidence, Severity } from './severity.js';

// The registry is the one list of rules; these are re-exported for the modules that read them from here.
export { RULE_IDS, type RuleId } from './rules/registry.js';
export type { Confidence, Severity } from './severity.js';

/** Repository-relative path (forward slashes) → file bytes. */
export type FileMap = ReadonlyMap<string, Uint8Array>;

export type FileKind = 'workflow' | 'action' | 'dependabot';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  confidence: Confidence;
  /** Repository-relative, forward slashes. */
  path: string;
  line: number;
  /** 1-based, of the offending node on `line`. */
  column: number;
  /** The last line a fix rewrote, when it spans several. */
  endLine?: number;
  message: string;
  /** True when the engine changed the file to address it. */
  fixed: boolean;
  /** One sentence on fixing it by hand; on findings left for a person. */
  help?: string;
}

export type SuppressedCounts = Partial<Record<RuleId, number>>;

export interface FileReport {
  path: string;
  kind: FileKind;
  status: 'changed' | 'unchanged' | 'error';
  /** True when the engine created the file. */
  created?: boolean;
  error?: string;
  findings: Finding[];
  /** Findings silenced by `# rampart: ignore[…]` (or a mapped `# zizmor: ignore[…]`) comments, per rule; absent when none. */
  suppressed?: SuppressedCounts;
}

export interface HardenSummary {
  files: number;
  changed: number;
  unchanged: number;
  errors: number;
  fixed: number;
  reported: number;
  suppressed: number;
  byRule: Partial<Record<RuleId, { fixed: number; reported: number; suppressed: number }>>;
}

export interface HardenReport {
  files: FileReport[];
  summary: HardenSummary;
}

export interface HardenResult {
  /** New contents of every file that changed or was created. */
  changes: Map<string, Uint8Array>;
  report: HardenReport;
  /**
   * Repository files the engine was not given that would let it read a command it had to call undeterminable (a local
   * script, a package.json): a caller that can fetch them runs the engine again with them.
   */
  wanted: string[];
}

/** A parsed file the rules read; `text` is the decoded source, BOM included, offsets index into it. */
export interface SourceFile {
  path: string;
  kind: FileKind;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** The file's own line ending, used for every inserted line. */
  eol: '\n' | '\r\n';
  /** Its jobs and steps, read once: every rule walks them (filled by the model on first use). */
  readonly model: { jobs?: unknown; steps?: unknown };
}
