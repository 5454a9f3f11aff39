import type { Confidence } from '../../severity.js';
import { outputDanger } from './expression-taint.js';
import {
  bareContext,
  dangerIn,
  dangerOf,
  DEFAULT_SOURCES,
  findExpressions,
  type ContextPath,
  type ExpressionSpan,
  type TaintSources,
} from './expressions.js';

/** A `${{ … }}` in a script that an attacker controls; `path` is set when the fix can move it to env:. */
export interface DangerousExpression {
  span: ExpressionSpan;
  /** The expression as written, `${{ … }}` included. */
  text: string;
  context: string;
  /** Who controls the context's text. */
  controlledBy: string;
  /** Low for an input, whose caller may or may not pass attacker text; the rule's own otherwise. */
  confidence: Confidence | undefined;
  path: ContextPath | undefined;
  /** Why it is reported rather than fixed, when `path` is undefined. */
  reason: string | undefined;
}

/** Every expression in `script` paired with whether it is dangerous and, if so, whether it is a single bare context. */
export function classifyExpressions(
  script: string,
  sources: TaintSources = DEFAULT_SOURCES,
): { spans: ExpressionSpan[]; dangerous: DangerousExpression[] } {
  const spans = findExpressions(script);
  const dangerous: DangerousExpression[] = [];
  for (const span of spans) {
    const text = script.slice(span.start, span.end);
    const bare = bareContext(span.inner);
    const flowing = bare ? dangerOf(bare, sources) : outputDanger(span.inner, sources);
    const danger = flowing === null ? dangerIn(span.inner, sources) : flowing;
    if (!danger) continue;
    let reason: string | undefined;
    if (!bare)
      reason =
        'it is not a single context reference (it uses functions or operators), so the value to move is not one context';
    else if (danger.kind === 'object') reason = `it expands a whole object that holds ${danger.context}`;
    else if (bare.filter) reason = 'it is an object filter (*) that yields a list';
    else if (text.includes('\n')) reason = 'the expression spans several lines';
    dangerous.push({
      span,
      text,
      context: danger.context,
      controlledBy: danger.reason,
      confidence: danger.confidence,
      path: reason ? undefined : bare,
      reason,
    });
  }
  return { spans, dangerous };
}
