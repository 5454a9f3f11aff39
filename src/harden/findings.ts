import type { Rule, RuleEdit, RuleNote } from './rule.js';
import type { Finding } from './types.js';

/** A rule's note or edit as a finding, the rule's defaults filling what the finding does not say. */
export function toFinding(
  rule: Rule,
  path: string,
  item: RuleNote | RuleEdit,
  fixed: boolean,
  message = item.message,
): Finding {
  const help = item.help ?? (fixed ? undefined : rule.help);
  const endLine = fixed && 'endLine' in item ? item.endLine : undefined;
  return {
    rule: rule.id,
    severity: item.severity ?? rule.severity,
    confidence: item.confidence ?? rule.confidence,
    path,
    line: item.line,
    column: item.column,
    ...(endLine ? { endLine } : {}),
    message,
    fixed,
    ...(help ? { help } : {}),
  };
}
