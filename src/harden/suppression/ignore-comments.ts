import { isScalar, visit } from 'yaml';
import type { LineSpan } from '../rule.js';
import { RULE_IDS, type RuleId } from '../rules/registry.js';
import type { SourceFile } from '../types.js';
import { lineAt, lineStart } from '../yaml/ast.js';
import { ZIZMOR_AUDITS } from './zizmor-audits.js';

/** One `# rampart: ignore[…]` or `# zizmor: ignore[…]` directive. */
interface Directive {
  line: number;
  rules: ReadonlySet<RuleId>;
  /** A rampart comment on a line of its own also covers the line below it. */
  coversNext: boolean;
}

export interface IgnoreComments {
  /** Whether a finding of `rule` on `line`, about a node covering `span`, is silenced. */
  silences(rule: RuleId, line: number, span?: LineSpan): boolean;
}

const DIRECTIVE = /#\s*(rampart|zizmor)\s*:\s*ignore\[([^\]\r\n]*)\]/g;
const KNOWN = new Set<string>(RULE_IDS);

/**
 * The file's ignore comments, or undefined when it has none. `# rampart: ignore[a,b]` silences rules a and b on its
 * line, and on the next line when the comment stands alone on its own; `# zizmor: ignore[audit]` silences the Rampart
 * rule mapped to that audit on its line. Either applies anywhere in the lines of the node the finding is about, the
 * way zizmor reads its own ("anywhere in any span identified by a finding", zizmor docs/usage.md). Unknown ids are
 * ignored, and text that only looks like a comment (inside a quoted or block scalar) is not one.
 */
export function ignoreComments(file: SourceFile): IgnoreComments | undefined {
  if (!file.text.includes('ignore[')) return undefined;
  const directives: Directive[] = [];
  let inScalar: ((offset: number) => boolean) | undefined;
  for (const m of file.text.matchAll(DIRECTIVE)) {
    const at = m.index;
    inScalar ??= scalarTest(file);
    if (inScalar(at)) continue;
    const rules = new Set<RuleId>();
    for (const raw of m[2]!.split(',')) {
      const id = raw.trim();
      const rule = m[1] === 'rampart' ? (KNOWN.has(id) ? (id as RuleId) : undefined) : ZIZMOR_AUDITS[id];
      if (rule) rules.add(rule);
    }
    if (rules.size === 0) continue;
    const before = file.text.slice(lineStart(file.text, at), at).trim();
    directives.push({
      line: lineAt(file, at),
      rules,
      coversNext: m[1] === 'rampart' && (before === '' || before.startsWith('#')),
    });
  }
  if (directives.length === 0) return undefined;
  return {
    silences(rule, line, span) {
      const from = Math.min(line, span?.from ?? line);
      const to = Math.max(line, span?.to ?? line);
      return directives.some(
        (d) =>
          d.rules.has(rule) &&
          ((d.line >= from && d.line <= to) || (d.coversNext && (d.line === line - 1 || d.line === from - 1))),
      );
    },
  };
}

/** Offsets inside scalar text, where a `#` is content, not a comment; a block scalar's header line is not content. */
function scalarTest(file: SourceFile): (offset: number) => boolean {
  const ranges: [number, number][] = [];
  visit(file.doc, {
    Scalar(_, node) {
      if (!node.range) return;
      let start = node.range[0];
      if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) {
        const nl = file.text.indexOf('\n', start);
        start = nl === -1 ? node.range[1] : nl + 1;
      }
      if (start < node.range[1]) ranges.push([start, node.range[1]]);
    },
  });
  return (offset) => ranges.some(([start, end]) => offset >= start && offset < end);
}
