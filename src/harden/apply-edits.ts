import { load } from 'js-yaml';
import type { RuleEdit } from './rule.js';
import type { RuleId, SourceFile } from './types.js';
import { expectedValue, sameValue, type EditOp } from './yaml/expected-value.js';
import { mayAlias } from './yaml/may-alias.js';
import { applyPatches, patchesCollide, type TextPatch } from './yaml/text-patch.js';

export interface RuleEdits {
  rule: RuleId;
  edits: RuleEdit[];
}

export interface AppliedEdits {
  text: string;
  kept: { rule: RuleId; edit: RuleEdit }[];
  dropped: { rule: RuleId; edit: RuleEdit; reason: string }[];
}

/**
 * Applies every rule's edits in one pass, then re-parses and checks that the new document's value is the old one
 * with exactly the intended changes. When that fails, rules are tried one at a time and a rule whose edits do not
 * verify is dropped whole, so one rule's mistake never costs the others their fixes.
 *
 * The check re-parses with js-yaml, a second parser written independently of the `yaml` library the rules read
 * offsets from: both the original and the new text go through it, so a rewrite only one parser would accept, or
 * read differently, is caught; and it is several times faster, which keeps the engine near the cost of one parse.
 */
export function applyEdits(file: SourceFile, groups: readonly RuleEdits[]): AppliedEdits {
  const dropped: AppliedEdits['dropped'] = [];
  const accepted: { rule: RuleId; edit: RuleEdit }[] = [];
  const taken: TextPatch[] = [];
  const takenBy: RuleId[] = [];
  for (const group of groups) {
    for (const edit of group.edits) {
      const clash = edit.patches.map((p) => taken.findIndex((t) => patchesCollide(p, t))).find((i) => i !== -1);
      // An earlier edit that does this one's work too (RuleEdit.covers) answers its finding, even where they only meet.
      if (
        accepted.some(
          (a) =>
            a.edit.covers?.includes(group.rule) &&
            a.edit.patches.some((t) => edit.patches.some((p) => p.start <= t.end && t.start <= p.end)),
        )
      )
        continue;
      if (clash !== undefined) {
        dropped.push({
          rule: group.rule,
          edit,
          reason: `it overlaps a change made by ${takenBy[clash]}; run again to apply it`,
        });
        continue;
      }
      accepted.push({ rule: group.rule, edit });
      for (const p of edit.patches) {
        taken.push(p);
        takenBy.push(group.rule);
      }
    }
  }
  if (accepted.length === 0) return { text: file.text, kept: [], dropped };

  const original = lazyValue(file);
  const all = tryApply(file, original, accepted);
  if (all.ok) return { text: all.text, kept: accepted, dropped };

  let kept: typeof accepted = [];
  let text = file.text;
  for (const rule of unique(accepted.map((a) => a.rule))) {
    const candidate = [...kept, ...accepted.filter((a) => a.rule === rule)];
    const attempt = tryApply(file, original, candidate);
    if (attempt.ok) {
      kept = candidate;
      text = attempt.text;
    } else {
      for (const a of accepted.filter((x) => x.rule === rule)) {
        dropped.push({
          ...a,
          reason: `the rewritten file did not verify (${attempt.reason}), so this rule's changes were discarded`,
        });
      }
    }
  }
  return { text, kept, dropped };
}

function tryApply(
  file: SourceFile,
  original: () => Loaded,
  edits: readonly { edit: RuleEdit }[],
): { ok: true; text: string } | { ok: false; reason: string } {
  const patches = edits.flatMap((e) => e.edit.patches);
  const ops: EditOp[] = edits.flatMap((e) => e.edit.ops);
  const text = applyPatches(file.text, patches);
  const before = original();
  if (!before.ok) return { ok: false, reason: `the original could not be read back for checking (${before.error})` };
  let after: unknown;
  try {
    after = load(text, { filename: file.path });
  } catch (err) {
    return { ok: false, reason: `invalid YAML: ${firstLine(err)}` };
  }
  let expected: unknown;
  try {
    expected = expectedValue(before.value, ops, { aliased: mayAlias(file.text) });
  } catch (err) {
    return { ok: false, reason: `the intended change does not fit the document: ${(err as Error).message}` };
  }
  if (!sameValue(expected, after)) return { ok: false, reason: 'the document changed in more places than intended' };
  return { ok: true, text };
}

function firstLine(err: unknown): string {
  return ((err as Error).message ?? String(err)).split('\n')[0]!;
}

type Loaded = { ok: true; value: unknown } | { ok: false; error: string };

function lazyValue(file: SourceFile): () => Loaded {
  let loaded: Loaded | undefined;
  return () => {
    if (!loaded) {
      try {
        loaded = { ok: true, value: load(file.text, { filename: file.path }) };
      } catch (err) {
        loaded = { ok: false, error: firstLine(err) };
      }
    }
    return loaded;
  };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
