import { parseUses } from '../../model/action-ref.js';
import { usesSites } from '../../model/uses-sites.js';
import { ResolveError } from '../../resolver/action-resolver.js';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import { locate } from '../../yaml/ast.js';

export const archivedUses = fileRule({
  id: 'archived-uses',
  kinds: ['workflow', 'action'],
  // Off unless asked for: it costs one look-up per action repository, where everything else shares the tag listing.
  defaultEnabled: false,
  action: 'report',
  severity: 'medium',
  confidence: 'high',
  help: 'Replace the action with a maintained one (the archived repository usually names its successor), or vendor it into the repository.',
  title: 'Report actions and reusable workflows from archived repositories',
  explanation:
    'An archived repository gets no more fixes: a vulnerability found in it stays, and no advisory may ever be filed. ' +
    'Its owner may also have moved on, leaving the name to be taken over. Rampart reports each use so it can be ' +
    'replaced by a maintained action.',
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const repository = ctx.resolver.repository?.bind(ctx.resolver);
    if (!repository) return out;
    let failure: string | undefined;
    await Promise.all(
      usesSites(ctx.file).map(async (site) => {
        const value = (site.node as { value?: unknown } | null)?.value;
        const uses = typeof value === 'string' ? parseUses(value) : undefined;
        if (uses?.kind !== 'remote') return;
        try {
          if (!(await repository(uses.repo)).archived) return;
          out.notes.push({
            ...locate(ctx.file, site.node),
            message: `${uses.action} comes from ${uses.repo}, which is archived: it gets no fixes any more`,
          });
        } catch (err) {
          // A repository that cannot be found is pin-actions' to report.
          if (!(err instanceof ResolveError && err.reason === 'not-found'))
            failure ??= err instanceof Error ? err.message : String(err);
        }
      }),
    );
    if (failure)
      out.notes.push({
        line: 1,
        column: 1,
        severity: 'info',
        message: `archived repositories could not be checked (${failure})`,
        help: 'Run again when GitHub can be reached.',
      });
    out.notes.sort((a, b) => a.line - b.line);
    return out;
  },
});
