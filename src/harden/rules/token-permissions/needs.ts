import type { PermissionLevel, PermissionScope } from '../../knowledge/action-permissions.js';

/** One thing a step needs from GITHUB_TOKEN, and who needs it: "for <source> <reason>". */
export interface Need {
  scope: PermissionScope;
  level: PermissionLevel;
  source: string;
  reason: string;
  /** It pushes with the credential actions/checkout persisted, so it is GITHUB_TOKEN's need only if that is what persisted. */
  viaCredential?: boolean;
}

/** Where a finding points in the file being hardened (1-based). */
export interface At {
  line: number;
  column: number;
}

/** Why a job's needs cannot be known; any one leaves the workflow's permissions as they are. */
export interface Unknown extends At {
  message: string;
}

export interface Inference {
  needs: Need[];
  unknown: Unknown[];
}

export const emptyInference = (): Inference => ({ needs: [], unknown: [] });

export function mergeInto(target: Inference, more: Inference): void {
  target.needs.push(...more.needs);
  target.unknown.push(...more.unknown);
}

/** A need reached through a local action or reusable workflow keeps its own source and says where it came from. */
export function via(needs: readonly Need[], where: string): Need[] {
  return needs.map((n) => ({ ...n, source: `${n.source} in ${where}` }));
}

export interface ScopeGrant {
  level: PermissionLevel;
  /** "<source> <reason>" phrases of the needs at that level, for the `# for …` comment. */
  reasons: string[];
}

/** Write wins over read; the reasons kept are those of the winning level. */
export function combine(needs: readonly Need[]): Map<PermissionScope, ScopeGrant> {
  const winners = new Map<PermissionScope, Need[]>();
  for (const n of needs) {
    const have = winners.get(n.scope);
    if (!have || (have[0]!.level === 'read' && n.level === 'write')) winners.set(n.scope, [n]);
    else if (have[0]!.level === n.level) have.push(n);
  }
  return new Map(
    [...winners]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([scope, list]) => [scope, { level: list[0]!.level, reasons: phrases(list) }]),
  );
}

/**
 * One phrase per distinct reason, its sources joined ("init and analyze to read …"), after folding one source's
 * API calls together ("actions/github-script to call issues.update, issues.addLabels").
 */
function phrases(list: readonly Need[]): string[] {
  const bySource = new Map<string, string[]>();
  for (const n of list) {
    const reasons = bySource.get(n.source) ?? [];
    if (!reasons.includes(n.reason)) reasons.push(n.reason);
    bySource.set(n.source, reasons);
  }
  const byReason = new Map<string, string[]>();
  for (const [source, reasons] of bySource) {
    const calls = reasons.every((r) => r.startsWith('to call '));
    const reason = calls
      ? `to call ${reasons.map((r) => r.slice('to call '.length)).join(', ')}`
      : reasons.join(' and ');
    byReason.set(reason, [...(byReason.get(reason) ?? []), source]);
  }
  return [...byReason].map(([reason, sources]) => `${sources.join(' and ')} ${reason}`);
}

/** The job needs more than the `contents: read` the workflow grants at the top. */
export function needsMoreThanContentsRead(grants: ReadonlyMap<PermissionScope, ScopeGrant>): boolean {
  return [...grants].some(([scope, g]) => scope !== 'contents' || g.level === 'write');
}
