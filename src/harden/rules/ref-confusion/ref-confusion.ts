import { actionExempt } from '../../config-file/action-glob.js';
import { parseUses } from '../../model/action-ref.js';
import { editableScalar, usesSites, type UsesSite } from '../../model/uses-sites.js';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import { lineEnd, lineStart, locate } from '../../yaml/ast.js';
import { pinComment } from '../pin-actions/pin-comment.js';

export const refConfusion = fileRule({
  id: 'ref-confusion',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  action: 'report',
  severity: 'medium',
  confidence: 'high',
  help: 'Pin the commit the tag names (`@<sha> # <tag>`), or ask the upstream to delete the branch that shadows the tag.',
  title: 'Report refs that name both a branch and a tag of the action',
  explanation:
    'When a name is both a tag and a branch, which one a workflow runs is not what its author can see, and whoever can ' +
    'push a branch can make the name mean other code. Pinning removes the ambiguity, so Rampart checks the refs that ' +
    'stay by name: those pinning leaves alone (turned off, exempt, or written where a pin cannot go).',
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const branchExists = ctx.resolver.branchExists?.bind(ctx.resolver);
    if (!branchExists) return out;
    await Promise.all(
      byName(ctx).map(async ({ site, uses }) => {
        // The resolver looks for a tag first, as git does; only a tag can also be a branch it did not look at.
        const resolved = await ctx.resolver.resolve(uses.repo, uses.ref).catch(() => undefined);
        if (resolved?.refType !== 'tag') return;
        const name = uses.ref.replace(/^refs\/tags\//, '');
        if (!(await branchExists(uses.repo, name).catch(() => false))) return;
        out.notes.push({
          ...locate(ctx.file, site.node),
          message: `${uses.action}@${uses.ref}: ${name} is both a tag and a branch of ${uses.repo}; the tag is what runs today (${resolved.sha})`,
        });
      }),
    );
    out.notes.sort((a, b) => a.line - b.line);
    return out;
  },
});

/** The remote `uses:` that stay by name after this run: pinning turned off or kept from them. */
function byName(
  ctx: FileContext,
): { site: UsesSite; uses: Extract<ReturnType<typeof parseUses>, { kind: 'remote' }> }[] {
  return usesSites(ctx.file).flatMap((site) => {
    const value = (site.node as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || /@[0-9a-fA-F]{40}\s*$/.test(value)) return [];
    const uses = parseUses(value);
    return uses.kind === 'remote' && !uses.pinned && !pinnedThisRun(ctx, site, uses.action) ? [{ site, uses }] : [];
  });
}

const RAMPART_IGNORED = /#\s*rampart\s*:\s*ignore\[[^\]]*\bpin-actions\b/;
const IGNORED = /#\s*rampart\s*:\s*ignore\[[^\]]*\bpin-actions\b|#\s*zizmor\s*:\s*ignore\[[^\]]*\bunpinned-uses\b/;

/** Whether pin-actions turns this ref into a commit in this run, which settles which of the two it means. */
function pinnedThisRun(ctx: FileContext, site: UsesSite, action: string): boolean {
  if (ctx.options.rules['pin-actions'] === false || actionExempt(ctx.options.pinActions.exempt, action)) return false;
  const scalar = editableScalar(ctx.file, site.node);
  if (typeof scalar === 'string' || site.inFlow || !pinComment(ctx.file.text, scalar.scalar.range![1])) return false;
  // An ignore comment on the line, or a rampart one alone on the line above, keeps the ref as written.
  const text = ctx.file.text;
  const start = lineStart(text, scalar.scalar.range![0]);
  const above = start > 0 ? text.slice(lineStart(text, start - 1), start) : '';
  return (
    !IGNORED.test(text.slice(start, lineEnd(text, start))) &&
    !(above.trim().startsWith('#') && RAMPART_IGNORED.test(above))
  );
}
