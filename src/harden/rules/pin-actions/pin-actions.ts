import { actionExempt } from '../../config-file/action-glob.js';
import { parseUses } from '../../model/action-ref.js';
import { editableScalar, usesSites, type UsesSite } from '../../model/uses-sites.js';
import { ResolveError, type ActionResolver } from '../../resolver/action-resolver.js';
import { fileRule, type FileContext, type FileRuleResult, type RuleEdit } from '../../rule.js';
import type { Severity } from '../../severity.js';
import type { SourceFile } from '../../types.js';
import { locate } from '../../yaml/ast.js';
import { pinActionsOptions } from './options.js';
import { pinComment } from './pin-comment.js';

type Where = ReturnType<typeof locate>;

export const pinActions = fileRule({
  id: 'pin-actions',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'high',
  confidence: 'high',
  help: 'Replace the ref with the full 40-character commit SHA it points at, keeping the tag as a trailing comment (`@<sha> # v1.2.3`).',
  options: { key: 'pinActions', schema: pinActionsOptions },
  title: 'Pin actions and reusable workflows to full commit SHAs',
  explanation:
    'A tag or branch can be moved to new code at any time, so a compromised or careless upstream changes what your ' +
    'workflow runs without a commit of yours. A full commit SHA cannot move. Each pin keeps the tag it came from in a ' +
    'comment (`@<sha> # v4.2.2`) so Dependabot and Renovate can keep it current.',
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const result: FileRuleResult = { edits: [], notes: [] };
    await Promise.all(usesSites(ctx.file).map((site) => pinSite(ctx, site, result)));
    result.edits.sort((a, b) => a.line - b.line);
    result.notes.sort((a, b) => a.line - b.line);
    return result;
  },
});

async function pinSite(ctx: FileContext, site: UsesSite, out: FileRuleResult): Promise<void> {
  const { file, resolver, options } = ctx;
  const where = locate(file, site.node);
  const scalar = editableScalar(file, site.node);
  if (typeof scalar === 'string') {
    out.notes.push({ ...where, message: `uses: left unpinned because ${scalar}; pin it by hand` });
    return;
  }
  const uses = parseUses(scalar.scalar.value);
  if (uses.kind === 'docker') {
    if (!/@sha256:[0-9a-f]{64}$/.test(uses.image)) {
      out.notes.push({
        ...where,
        message: `docker://${uses.image} is not pinned to a digest; pin it as docker://${uses.image.replace(/@.*$/, '')}@sha256:<digest>`,
      });
    }
    return;
  }
  if (uses.kind === 'invalid') {
    out.notes.push({ ...where, message: `uses: ${scalar.scalar.value} is not owner/repo[/path]@ref; left as it is` });
    return;
  }
  if (uses.kind !== 'remote') return;
  if (actionExempt(options.pinActions.exempt, uses.action)) return;
  if (site.inFlow) {
    out.notes.push({
      ...where,
      message: `${uses.action}@${uses.ref} is written in flow style, where the pin's comment cannot go; pin it by hand`,
    });
    return;
  }
  const comment = pinComment(file.text, scalar.scalar.range![1]);
  if (!comment) {
    out.notes.push({
      ...where,
      message: `${uses.action}@${uses.ref} is followed by text that is not a comment; left as it is`,
    });
    return;
  }
  const at = scalar.body + scalar.scalar.value.lastIndexOf('@') + 1;
  const pinned = uses.pinned
    ? await checkPinned(resolver, uses.repo, uses.ref, comment.version)
    : await resolveRef(resolver, uses.repo, uses.ref);
  if ('note' in pinned) {
    out.notes.push({
      ...where,
      message: `${uses.action}@${uses.ref}: ${pinned.note}`,
      ...(pinned.severity ? { severity: pinned.severity } : {}),
    });
    return;
  }
  if (!uses.pinned && pinned.refType === 'branch' && !options.pinActions.pinBranches) {
    out.notes.push({
      ...where,
      message: `${uses.action}@${uses.ref} follows a branch; pinning branches is turned off`,
    });
    return;
  }
  const edit = pinEdit(file, site, uses.action, uses.ref, at, pinned.sha, pinned.label, comment, where, uses.pinned);
  if (edit) out.edits.push(edit);
}

/** A note's severity, when lower than the rule's: an existing pin's comment is hygiene, not exposure. */
type Pin = { sha: string; label: string | undefined; refType?: string } | { note: string; severity?: Severity };

async function resolveRef(resolver: ActionResolver, repo: string, ref: string): Promise<Pin> {
  try {
    const r = await resolver.resolve(repo, ref);
    // A branch with no tag on its head keeps the branch name, so a reviewer still sees what was followed.
    const label = r.tag ?? (/^[0-9a-f]{7,39}$/i.test(ref) ? undefined : ref);
    return { sha: r.sha, label, ...(r.refType ? { refType: r.refType } : {}) };
  } catch (err) {
    return { note: `could not be resolved (${describe(err)}); left as it is` };
  }
}

/** An existing pin stays; only a missing or wrong version comment is fixed. */
async function checkPinned(
  resolver: ActionResolver,
  repo: string,
  sha: string,
  claimed: string | undefined,
): Promise<Pin> {
  try {
    if (claimed) {
      const named = await resolver.resolve(repo, claimed).catch((err: unknown) => {
        if (err instanceof ResolveError && err.reason === 'not-found') return undefined;
        throw err;
      });
      if (named && named.sha.toLowerCase() === sha.toLowerCase()) return { sha, label: claimed };
    }
    const tag = await resolver.tagFor(repo, sha);
    if (!tag) {
      return claimed
        ? {
            note: `the comment names ${claimed}, which does not point at this commit, and no tag does; check the pin by hand`,
            severity: 'low',
          }
        : { sha, label: undefined };
    }
    return { sha, label: tag };
  } catch (err) {
    return { note: `its version comment could not be checked (${describe(err)})`, severity: 'info' };
  }
}

function pinEdit(
  file: SourceFile,
  site: UsesSite,
  action: string,
  ref: string,
  at: number,
  sha: string,
  label: string | undefined,
  comment: NonNullable<ReturnType<typeof pinComment>>,
  where: Where,
  alreadyPinned: boolean,
): RuleEdit | undefined {
  const patches = [];
  if (!alreadyPinned) patches.push({ start: at, end: at + ref.length, text: sha });
  if (label && label !== comment.word) patches.push(comment.patch(label));
  if (patches.length === 0) return undefined;
  const message = alreadyPinned
    ? comment.version
      ? `corrected the pin comment of ${action} from ${comment.version} to ${label}, the tag on ${sha.slice(0, 12)}`
      : `added the version comment ${label} to the pinned ${action}`
    : `pinned ${action}@${ref} to ${sha}${label && label !== ref ? ` (${label})` : ''}`;
  return {
    patches,
    ops: alreadyPinned ? [] : [{ kind: 'set', path: site.path, value: `${action}@${sha}` }],
    ...where,
    message,
    // Correcting the comment of a pin that is already there is upkeep; the pin itself was already safe.
    ...(alreadyPinned ? { severity: 'low' as const } : {}),
  };
}

function describe(err: unknown): string {
  if (err instanceof ResolveError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
