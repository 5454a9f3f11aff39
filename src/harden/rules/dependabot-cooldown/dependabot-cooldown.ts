import { isAlias, type Node, type Scalar, type YAMLMap } from 'yaml';
import { fileRule, type FileContext, type FileRuleResult, type RuleEdit } from '../../rule.js';
import type { SourceFile } from '../../types.js';
import { locate, mapOf, pairOf, positionOfNode, seqOf, stringOf, valueOf } from '../../yaml/ast.js';
import type { EditOp } from '../../yaml/expected-value.js';
import { patchLines } from '../../yaml/patch-lines.js';
import type { TextPatch } from '../../yaml/text-patch.js';
import { addCooldown, addDefaultDays, raiseDays } from './cooldown-patch.js';

/** zizmor's default minimum (`rules.dependabot-cooldown.config.days`), used when Rampart's own option is 0. */
const ZIZMOR_MINIMUM = 7;

export const dependabotCooldown = fileRule({
  id: 'dependabot-cooldown',
  kinds: ['dependabot'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'medium',
  confidence: 'high',
  help: 'Add `cooldown:` with `default-days: 7` (or more) to each entry of `updates:` in .github/dependabot.yml.',
  title: 'Give every Dependabot updater a cooldown',
  explanation:
    'Without a cooldown Dependabot proposes a release minutes after it is published, before anyone has had time to ' +
    'notice it was malicious and take it down. Rampart adds `cooldown: {default-days: N}` (the `dependabot.cooldownDays` ' +
    'option, 7 by default) to each updater that has none, and raises one below it.',
  async check({ file, options }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const days = options.dependabot.cooldownDays;
    const minimum = days > 0 ? days : ZIZMOR_MINIMUM;
    const updates = seqOf(valueOf(file.doc.contents, 'updates'));
    updates?.items.forEach((item, index) => {
      const entry = isAlias(item) ? undefined : mapOf(item);
      if (!entry) return;
      const ecosystem = stringOf(valueOf(entry, 'package-ecosystem')) ?? 'an';
      // At the entry's first line, so every line a fix rewrites inside it comes after.
      const at = {
        ...positionOfNode(file, entry),
        ...(locate(file, entry).span ? { span: locate(file, entry).span! } : {}),
      };
      const path = ['updates', index];
      const cooldownPair = pairOf(entry, 'cooldown') ?? inherited(file, entry);
      const note = (message: string, extra: object = {}) => out.notes.push({ ...at, ...extra, message });
      const edit = (patch: TextPatch | string, ops: EditOp[], message: string, extra: Partial<RuleEdit> = {}) => {
        if (typeof patch === 'string')
          return note(`${message.replace(/^(added|raised)/, 'would have $1')}; not changed: ${patch}`, extra);
        const endLine = patchLines(file, [patch]).last;
        out.edits.push({ ...at, ...extra, patches: [patch], ops, message, ...(endLine > at.line ? { endLine } : {}) });
      };
      const refuse =
        days === 0
          ? 'the `dependabot.cooldownDays` option is 0'
          : entry.anchor
            ? 'the entry carries an anchor that other nodes alias'
            : undefined;
      if (!cooldownPair) {
        const message = `the ${ecosystem} updater has no cooldown, so Dependabot proposes releases as soon as they are published`;
        if (refuse) return note(`${message}; not changed: ${refuse}`);
        return edit(
          addCooldown(file, entry, days),
          [{ kind: 'set', path: [...path, 'cooldown'], value: { 'default-days': days } }],
          `${message}; added a cooldown of ${days} days`,
        );
      }
      const cooldown = mapOf(isAlias(cooldownPair.value) ? cooldownPair.value.resolve(file.doc) : cooldownPair.value);
      const own = pairOf(entry, 'cooldown') === cooldownPair && !isAlias(cooldownPair.value);
      const daysPair = pairOf(cooldown, 'default-days');
      if (!daysPair) {
        const message = `the ${ecosystem} updater's cooldown has no default-days, which leaves most updates without one`;
        const why =
          refuse ??
          (!own || !cooldown
            ? 'its cooldown is not a mapping written in the entry'
            : cooldown.anchor
              ? 'its cooldown carries an anchor'
              : undefined);
        if (why) return note(`${message}; not changed: ${why}`);
        return edit(
          addDefaultDays(file, cooldown!, days),
          [{ kind: 'set', path: [...path, 'cooldown', 'default-days'], value: days }],
          `${message}; added default-days: ${days}`,
        );
      }
      const current = Number(stringOf(isAlias(daysPair.value) ? daysPair.value.resolve(file.doc) : daysPair.value));
      if (!(current < minimum)) return;
      const message = `the ${ecosystem} updater's cooldown is ${current} day${current === 1 ? '' : 's'}, less than ${minimum}`;
      const extra = { severity: 'low' as const, confidence: 'medium' as const };
      const why =
        refuse ??
        (!own || isAlias(daysPair.value) || cooldown?.anchor ? 'its cooldown is shared through an anchor' : undefined);
      if (why) return note(`${message}; not changed: ${why}`, extra);
      return edit(
        raiseDays(daysPair, days),
        [{ kind: 'set', path: [...path, 'cooldown', 'default-days'], value: days }],
        `${message}; raised to ${days}`,
        extra,
      );
    });
    return out;
  },
});

/** A `cooldown:` the entry takes from a `<<:` merge of another mapping, which Rampart reads but does not edit. */
function inherited(file: SourceFile, entry: YAMLMap<Scalar, Node | null>): ReturnType<typeof pairOf> {
  const merge = valueOf(entry, '<<');
  const sources = seqOf(merge)?.items ?? [merge];
  for (const source of sources) {
    const map = isAlias(source) ? source.resolve(file.doc) : source;
    const pair = pairOf(map, 'cooldown');
    if (pair) return pair;
  }
  return undefined;
}
