import type { Confidence } from '../../severity.js';
import { contextPath, type Expr } from '../../expressions/parse-expression.js';

/**
 * Contexts naming whoever acted last on the event, not who opened the pull request or wrote the comment: a bot's
 * push to an attacker's pull request makes them the bot (zizmor bot-conditions, crates/zizmor/src/audit/bot_conditions.rs).
 */
const ACTOR_NAMES = new Set(['github.actor', 'github.triggering_actor', 'github.event.pull_request.sender.login']);
const ACTOR_IDS = new Set(['github.actor_id', 'github.event.pull_request.sender.id']);
/** Bots' user and integration ids, which have no `[bot]` suffix to recognise them by (the same list as zizmor's). */
const BOT_IDS = new Set(['29110', '49699333', '27856297', '29139614']);

export interface SpoofableCheck {
  /** The context compared, to be replaced. */
  context: Expr;
  kind: 'name' | 'id';
}

export interface BotCondition {
  checks: SpoofableCheck[];
  /** High when a bot check alone decides the condition (`a == bot || b`), medium when it is one of several (`&&`). */
  confidence: Confidence;
}

/** The spoofable bot checks in a condition, or undefined when it has none. */
export function botCondition(expr: Expr): BotCondition | undefined {
  const { checks, dominating } = walk(expr, true);
  return checks.length === 0 ? undefined : { checks, confidence: dominating ? 'high' : 'medium' };
}

/** zizmor's dominance walk: `||` and `==` keep a check deciding the result; `&&`, `!`, calls and comparisons do not. */
function walk(expr: Expr, dominating: boolean): { checks: SpoofableCheck[]; dominating: boolean } {
  switch (expr.kind) {
    case 'binary': {
      if (expr.op === '==') {
        const check = comparison(expr.left, expr.right) ?? comparison(expr.right, expr.left);
        if (check) return { checks: [check], dominating: true };
        return { checks: [...walk(expr.left, true).checks, ...walk(expr.right, true).checks], dominating: true };
      }
      const inner = expr.op === '||';
      return { checks: [...walk(expr.left, inner).checks, ...walk(expr.right, inner).checks], dominating: inner };
    }
    case 'not':
      return walk(expr.operand, false);
    case 'call': {
      const checks = expr.args.flatMap((a) => walk(a, false).checks);
      return { checks, dominating: expr.args.length === 0 ? dominating : false };
    }
    case 'member':
      return walk(expr.object, dominating);
    default:
      return { checks: [], dominating };
  }
}

function comparison(context: Expr, literal: Expr): SpoofableCheck | undefined {
  const path = contextPath(context);
  if (!path) return undefined;
  const text = literal.kind === 'string' ? literal.value : literal.kind === 'number' ? literal.raw : undefined;
  if (text === undefined) return undefined;
  if (ACTOR_NAMES.has(path) && text.endsWith('[bot]')) return { context, kind: 'name' };
  if (ACTOR_IDS.has(path) && BOT_IDS.has(text.trim())) return { context, kind: 'id' };
  return undefined;
}
