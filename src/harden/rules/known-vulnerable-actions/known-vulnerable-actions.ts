import { actionExempt } from '../../config-file/action-glob.js';
import { parseUses } from '../../model/action-ref.js';
import { editableScalar, usesSites, type UsesSite } from '../../model/uses-sites.js';
import { ResolveError, type ActionAdvisory, type ActionResolver } from '../../resolver/action-resolver.js';
import { fileRule, type FileContext, type FileRuleResult, type RuleEdit } from '../../rule.js';
import { SEVERITIES, type Severity } from '../../severity.js';
import { locate } from '../../yaml/ast.js';
import { pinComment } from '../pin-actions/pin-comment.js';
import { patchedTarget } from './patched-target.js';
import { parseVersion, type Version } from './version-range.js';

type Remote = Extract<ReturnType<typeof parseUses>, { kind: 'remote' }>;

export const knownVulnerableActions = fileRule({
  id: 'known-vulnerable-actions',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'high',
  confidence: 'high',
  help: 'Upgrade to the first release that fixes the advisory, pinned to its commit SHA with the version as a comment (`@<sha> # v1.2.3`).',
  title: 'Move actions off versions with a published security advisory',
  explanation:
    "GitHub's advisory database lists actions whose releases let an attacker run code, read secrets or write to the " +
    'repository. A workflow still on such a release stays exposed until someone notices. Rampart moves it to the first ' +
    'release of the same major version that fixes every advisory in the way, pinned to its commit, and says which ' +
    'advisories it answered; when no such release exists it reports the advisory instead.',
  async check(ctx: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const advisoriesOf = ctx.resolver.advisories?.bind(ctx.resolver);
    if (!advisoriesOf) return out;
    const sites = remoteSites(ctx);
    // One look-up per repository, answered from a listing read once per run; most actions have no advisory at all.
    const listed = new Map<string, ActionAdvisory[]>();
    let failure: string | undefined;
    await Promise.all(
      [...new Set(sites.map((s) => s.uses.repo.toLowerCase()))].map(async (repo) => {
        try {
          listed.set(repo, await advisoriesOf(repo));
        } catch (err) {
          failure ??= describe(err);
        }
      }),
    );
    const checks = sites.flatMap(({ site, uses }) => {
      const names = [uses.repo.toLowerCase(), uses.action.toLowerCase()];
      const applies = (listed.get(names[0]!) ?? []).filter((a) => names.includes(a.package.toLowerCase()));
      return applies.length > 0 ? [checkSite(ctx, site, uses, applies, out)] : [];
    });
    await Promise.all(checks);
    // Once per file: an advisory database that cannot be read fails for every action alike.
    if (failure)
      out.notes.push({
        line: 1,
        column: 1,
        severity: 'info',
        message: `advisories could not be checked (${failure})`,
        help: 'Run again when GitHub can be reached.',
      });
    out.edits.sort((a, b) => a.line - b.line);
    out.notes.sort((a, b) => a.line - b.line);
    return out;
  },
});

/** The file's remote `uses:`, read even where the rule will not edit them (an anchor, a block scalar). */
function remoteSites(ctx: FileContext): { site: UsesSite; uses: Remote }[] {
  return usesSites(ctx.file).flatMap((site) => {
    const value = scalarText(site);
    const uses = value === undefined ? undefined : parseUses(value);
    return uses?.kind === 'remote' ? [{ site, uses }] : [];
  });
}

async function checkSite(
  ctx: FileContext,
  site: UsesSite,
  uses: Remote,
  listed: ActionAdvisory[],
  out: FileRuleResult,
): Promise<void> {
  const scalar = editableScalar(ctx.file, site.node);
  const comment = typeof scalar === 'string' ? undefined : pinComment(ctx.file.text, scalar.scalar.range![1]);
  // Only an action with advisories costs a version look-up, and pinning has asked for it already.
  const version = await currentVersion(ctx.resolver, uses, comment?.version).catch(() => undefined);
  if (!version) return;
  const verdict = patchedTarget(version.version, listed);
  if (verdict.kind === 'safe') return;
  const where = locate(ctx.file, site.node);
  const named = `${uses.action}@${uses.ref}${version.tag !== uses.ref ? ` (${version.tag})` : ''}`;
  const ids = (list: ActionAdvisory[]) =>
    list.map((a) => `${a.ghsaId} (${a.severity}${a.summary ? `: ${a.summary}` : ''})`).join(', ');
  const severity = advisorySeverity(verdict.applicable);
  if (verdict.kind === 'no-patch') {
    const major = `v${version.version.parts[0]}`;
    const elsewhere =
      verdict.elsewhere.length > 0 ? `; fixed in ${verdict.elsewhere.join(', ')}` : '; no fixed release yet';
    out.notes.push({
      ...where,
      message: `${named} is affected by ${ids(verdict.applicable)}, and no release of ${major} fixes it${elsewhere}; upgrade by hand`,
      severity: verdict.applicable.some((a) => a.severity === 'critical') ? 'critical' : 'high',
      help: 'Move to a release that fixes the advisory (a new major version may change inputs), or replace the action.',
    });
    return;
  }
  const target = await patchedTag(ctx.resolver, uses.repo, verdict.target, version.tag);
  if (!target) {
    out.notes.push({
      ...where,
      severity,
      message: `${named} is affected by ${ids(verdict.applicable)}; its fix ${verdict.target} is not a tag of ${uses.repo}; upgrade by hand`,
    });
    return;
  }
  const fix = `moved to ${target.tag}, the first release of v${version.version.parts[0]} that fixes ${verdict.applicable.map((a) => a.ghsaId).join(', ')}`;
  const why = `${named} is affected by ${ids(verdict.applicable)}`;
  const edit = typeof scalar === 'string' ? scalar : vulnerableEdit(ctx, site, uses, scalar, target);
  if (typeof edit === 'string') {
    out.notes.push({
      ...where,
      severity,
      message: `${why}; upgrade to ${target.tag} (${target.sha}) by hand: ${edit}`,
    });
    return;
  }
  const { pinned, ...patch } = edit;
  out.edits.push({ ...patch, ...where, severity, message: `${why}; ${fix}${pinned ? ` (${target.sha})` : ''}` });
}

/** The version the site runs: the tag its pin or ref stands for, when that tag names a full version. */
async function currentVersion(
  resolver: ActionResolver,
  uses: Remote,
  claimed: string | undefined,
): Promise<{ version: Version; tag: string } | undefined> {
  let tag: string | null = null;
  if (uses.pinned) {
    if (claimed) {
      const named = await resolver.resolve(uses.repo, claimed).catch(() => undefined);
      if (named?.sha.toLowerCase() === uses.ref.toLowerCase()) tag = claimed;
    }
    tag ??= await resolver.tagFor(uses.repo, uses.ref);
  } else {
    const r = await resolver.resolve(uses.repo, uses.ref);
    // A branch moves: what it runs today is no reason to rewrite what it follows.
    if (r.refType === 'branch') return undefined;
    tag = r.tag ?? (r.refType === 'tag' ? uses.ref : null);
  }
  const version = tag ? parseVersion(tag) : undefined;
  // `v4` alone may be any 4.x: only a full version can be placed in a range.
  if (!tag || !version || version.parts.length < 3) return undefined;
  return { version, tag };
}

/** The fixed release as the repository tags it (`4.0.2` may be `v4.0.2`), in the style of the tag in use. */
async function patchedTag(
  resolver: ActionResolver,
  repo: string,
  version: string,
  styleOf: string,
): Promise<{ tag: string; sha: string } | undefined> {
  const bare = version.replace(/^v/, '');
  const names = styleOf.startsWith('v') ? [`v${bare}`, bare] : [bare, `v${bare}`];
  for (const name of names) {
    const r = await resolver.resolve(repo, name).catch(() => undefined);
    if (r && r.refType !== 'branch' && r.refType !== 'commit') return { tag: name, sha: r.sha };
  }
  return undefined;
}

type VulnerableEdit = Omit<RuleEdit, 'line' | 'column' | 'message'> & { pinned: boolean };

/**
 * The site rewritten to the fixed release: its commit SHA with the tag as comment, as pin-actions would write it, or
 * the tag itself where pins are not wanted (pin-actions off, or the action exempt). A reason when it cannot be done.
 */
function vulnerableEdit(
  ctx: FileContext,
  site: UsesSite,
  uses: Remote,
  scalar: Exclude<ReturnType<typeof editableScalar>, string>,
  target: { tag: string; sha: string },
): VulnerableEdit | string {
  const pinning =
    uses.pinned ||
    ((ctx.options.rules['pin-actions'] ?? true) && !actionExempt(ctx.options.pinActions.exempt, uses.action));
  const at = scalar.body + scalar.scalar.value.lastIndexOf('@') + 1;
  const refPatch = { start: at, end: at + uses.ref.length, text: pinning ? target.sha : target.tag };
  const ops = [{ kind: 'set' as const, path: site.path, value: `${uses.action}@${refPatch.text}` }];
  // Where pinning is done, this edit is the pin too: pin-actions' own edit of the spot is answered by it.
  const covers = ['pin-actions' as const];
  if (!pinning) return { patches: [refPatch], ops, covers, pinned: false };
  if (site.inFlow) return 'it is written in flow style, where the version comment cannot go';
  const comment = pinComment(ctx.file.text, scalar.scalar.range![1]);
  if (!comment) return 'the value is followed by text that is not a comment';
  return { patches: [refPatch, comment.patch(target.tag)], ops, covers, pinned: true };
}

const SEVERITY: Record<ActionAdvisory['severity'], Severity> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  unknown: 'medium',
};

/** The most serious of the advisories answered. */
function advisorySeverity(list: ActionAdvisory[]): Severity {
  return (
    list.map((a) => SEVERITY[a.severity]).sort((a, b) => SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b))[0] ?? 'high'
  );
}

/** A scalar's value, however it is written; an alias (whose target is read where it is written) has none. */
function scalarText(site: UsesSite): string | undefined {
  const value = (site.node as { value?: unknown } | null)?.value;
  return typeof value === 'string' ? value : undefined;
}

function describe(err: unknown): string {
  if (err instanceof ResolveError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
