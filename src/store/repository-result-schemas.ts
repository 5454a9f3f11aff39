import { z } from 'zod';
import { CONFIDENCES, SEVERITIES } from '../harden/severity.js';

export const REPOSITORY_STATUSES = [
  'queued',
  'running',
  'pr-opened',
  'pr-updated',
  'up-to-date',
  'clean',
  'needs-review',
  'declined',
  'failed',
  'cancelled',
] as const;
export type RepositoryStatus = (typeof REPOSITORY_STATUSES)[number];
export const FINAL_STATUSES: readonly RepositoryStatus[] = REPOSITORY_STATUSES.filter(
  (s) => s !== 'queued' && s !== 'running',
);

const severity = z.enum(SEVERITIES);
const confidence = z.enum(CONFIDENCES);

/** One finding of the engine in a repository, fixed by Rampart's pull request or left for a person. */
export const findingSchema = z
  .object({
    rule: z.string(),
    severity,
    confidence,
    /** Repository-relative, forward slashes. */
    path: z.string(),
    line: z.number().int(),
    column: z.number().int().optional(),
    message: z.string(),
    fixed: z.boolean(),
    /** How to fix it by hand, for a finding left for a person. */
    help: z.string().optional(),
  })
  .meta({ title: 'Finding' });
export type StoredFinding = z.output<typeof findingSchema>;

/** A change Rampart made; severity, confidence and column are absent from results stored before they existed. */
export const changeSchema = z
  .object({
    file: z.string(),
    rule: z.string(),
    severity: severity.optional(),
    confidence: confidence.optional(),
    line: z.number().int(),
    column: z.number().int().optional(),
    message: z.string(),
  })
  .meta({ title: 'Change' });

/** At most this many findings are kept per repository result; the rest are counted in `findings_omitted`. */
export const MAX_FINDINGS_KEPT = 500;

/** Results stored before the statuses said what happened read as the status they mean now. */
export function upgradeStoredResult(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const r = raw as Record<string, unknown>;
  if (r.status !== 'unchanged') return raw;
  return { ...r, status: r.pull_request ? 'up-to-date' : 'clean' };
}
