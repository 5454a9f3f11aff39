import { parseUses } from '../../model/action-ref.js';
import { usesSites, type UsesSite } from '../../model/uses-sites.js';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import { locate } from '../../yaml/ast.js';

export const staleActionRefs = fileRule({
  id: 'stale-action-refs',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  action: 'report',
  severity: 'low',
  confidence: 'high',
  help: 'Pin the commit of a release tag instead (`@<sha> # v1.2.3`), so updaters and readers know which version runs.',
  title: 'Report pins to commits no tag names',
  explanation:
    'A pin to a commit that is not a release is code nobody published as a version: often a branch head pinned long ago ' +
    'that has since moved on. Dependabot and Renovate cannot tell which release it stands for, so it is never updated, ' +
    'and a reader cannot tell what it runs.',
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    await Promise.all(
      pinnedSites(ctx).map(async ({ site, uses }) => {
        // The tag listing pin-actions reads for the same pin answers it; a failed look-up is pin-actions' to report.
        const tag = await ctx.resolver.tagFor(uses.repo, uses.ref).catch(() => undefined);
        if (tag !== null) return;
        out.notes.push({
          ...locate(ctx.file, site.node),
          message: `${uses.action}@${uses.ref} points at a commit that no tag of ${uses.repo} names`,
        });
      }),
    );
    out.notes.sort((a, b) => a.line - b.line);
    return out;
  },
});

const PINNED = /@[0-9a-fA-F]{40}\s*$/;

/** The remote `uses:` pinned to a full SHA; the cheap test first, since most are not. */
function pinnedSites(
  ctx: FileContext,
): { site: UsesSite; uses: Extract<ReturnType<typeof parseUses>, { kind: 'remote' }> }[] {
  return usesSites(ctx.file).flatMap((site) => {
    const value = (site.node as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || !PINNED.test(value)) return [];
    const uses = parseUses(value);
    return uses.kind === 'remote' && uses.pinned ? [{ site, uses }] : [];
  });
}
