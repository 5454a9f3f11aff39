import type { Finding, HardenResult } from '../../harden/types.js';

/** What every output format renders: the engine's result for the files chosen, and how the run judged it. */
export interface ReportView {
  result: HardenResult;
  /** The files as they were before the run, by repository-relative path. */
  before: ReadonlyMap<string, Uint8Array>;
  /** The changes were written to disk (`--write`), so fixed findings are no longer in the files. */
  wrote: boolean;
  /** Refs left unresolved because the run was offline or GitHub could not be reached: said once, not per line. */
  hidden: ReadonlySet<Finding>;
  /** Findings that fail the check (`--fail-on`), and unresolved refs under `--check`. */
  failing: ReadonlySet<Finding>;
}
