import { parseUses } from '../../model/action-ref.js';
import { usesSites, type UsesSite } from '../../model/uses-sites.js';
import { ResolveError } from '../../resolver/action-resolver.js';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import { locate } from '../../yaml/ast.js';

export const impostorCommit = fileRule({
  id: 'impostor-commit',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  action: 'report',
  severity: 'critical',
  confidence: 'high',
  help: "Replace the SHA with a commit of the action's own repository: the commit of the release tag you meant to use.",
  title: 'Report pins to commits that are on no branch or tag of the action',
  explanation:
    'GitHub serves any commit of a fork network under every repository of that network, so `owner/action@<sha>` runs ' +
    "a commit pushed to anyone's fork when the SHA is one of theirs. A pin that looks like the trusted action can run " +
    "an attacker's code. Rampart checks that each pinned commit is on a branch or tag of the named repository.",
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const placement = ctx.resolver.commitPlacement?.bind(ctx.resolver);
    if (!placement) return out;
    let failure: string | undefined;
    await Promise.all(
      pinnedSites(ctx).map(async ({ site, uses }) => {
        const fail = (err: unknown) => {
          if (!(err instanceof ResolveError && err.reason === 'not-found')) failure ??= describe(err);
        };
        // A tagged commit is the repository's own: the tag listing pinning reads already says so, at no cost.
        // A repository that cannot be found is pin-actions' to report.
        const tag = await ctx.resolver.tagFor(uses.repo, uses.ref).catch((err: unknown) => (fail(err), 'unknown'));
        if (tag) return;
        const where = locate(ctx.file, site.node);
        try {
          const placed = await placement(uses.repo, uses.ref);
          if (placed.reachable) return;
          out.notes.push({
            ...where,
            message:
              `${uses.action}@${uses.ref} is on no branch or tag of ${uses.repo}${placed.complete ? '' : ' that was compared'}: ` +
              'it may be a commit of a fork, run under the name of the action',
            ...(placed.complete ? {} : { confidence: 'medium' as const }),
          });
        } catch (err) {
          fail(err);
          if (err instanceof ResolveError && err.reason === 'not-found') {
            out.notes.push({
              ...where,
              severity: 'info',
              message: `${uses.action}@${uses.ref}: ${err.message}, so the step cannot run`,
              help: 'Pin a commit that exists in the repository.',
            });
          }
        }
      }),
    );
    if (failure)
      out.notes.push({
        line: 1,
        column: 1,
        severity: 'info',
        message: `pinned commits could not be checked against their repositories (${failure})`,
        help: 'Run again when GitHub can be reached.',
      });
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

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
