import { dangerOf, LITERALS, tokenize, type ContextPath, type Danger, type Token } from './expressions.js';

/** Functions whose result is a boolean or a hash, whatever their arguments hold. */
const OPAQUE_FUNCTIONS = new Set(['contains', 'startswith', 'endswith', 'success', 'failure', 'always', 'cancelled', 'hashfiles']);

/**
 * Whether the value an expression produces can carry attacker-controlled text, following it through the grammar:
 * comparisons, `!` and boolean functions (`contains`, `startsWith`, …) yield booleans, so a dangerous context used
 * only there is harmless (`${{ github.event.issue.title == 'x' && 'a' || 'b' }}`, zizmor#1139); `&&`, `||`,
 * `format`, `join`, `toJSON`, `fromJSON` and unknown functions pass their operands' text on. Returns `null` when the
 * expression does not parse, so the caller can fall back to a plain scan.
 */
export function outputDanger(inner: string): Danger | undefined | null {
  const tokens = tokenize(inner);
  if (!tokens || tokens.length === 0) return null;
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isPunct = (v: string) => peek()?.t === 'punct' && peek()!.v === v;
  const fail = (): never => {
    throw new SyntaxError('unparsed');
  };
  const expect = (v: string) => (isPunct(v) ? i++ : fail());
  const first = (...ds: (Danger | undefined)[]) => ds.find((d) => d !== undefined);

  const or = (): Danger | undefined => {
    let d = and();
    while (isPunct('||')) {
      i++;
      d = first(d, and());
    }
    return d;
  };
  const and = (): Danger | undefined => {
    let d = comparison();
    while (isPunct('&&')) {
      i++;
      d = first(d, comparison());
    }
    return d;
  };
  const comparison = (): Danger | undefined => {
    const d = unary();
    let compared = false;
    while (['==', '!=', '<', '<=', '>', '>='].some(isPunct)) {
      i++;
      unary();
      compared = true;
    }
    return compared ? undefined : d;
  };
  const unary = (): Danger | undefined => {
    if (isPunct('!')) {
      i++;
      unary();
      return undefined;
    }
    return postfix();
  };
  const postfix = (): Danger | undefined => {
    const tok = peek() ?? fail();
    let path: ContextPath | undefined;
    let d: Danger | undefined;
    if (tok.t === 'ident' && !LITERALS.has(tok.v) && tokens[i + 1]?.t === 'punct' && tokens[i + 1]!.v === '(') {
      i += 2;
      const args: (Danger | undefined)[] = [];
      while (!isPunct(')')) {
        args.push(or());
        if (!isPunct(')')) expect(',');
      }
      i++;
      d = OPAQUE_FUNCTIONS.has(tok.v.toLowerCase()) ? undefined : first(...args);
    } else if (tok.t === 'ident' && !LITERALS.has(tok.v)) {
      i++;
      path = { segments: [tok.v.toLowerCase()], filter: false, dynamic: false };
    } else if (tok.t === 'punct' && tok.v === '(') {
      i++;
      d = or();
      expect(')');
    } else if (tok.t === 'string' || tok.t === 'number' || tok.t === 'ident') {
      i++;
    } else fail();
    for (;;) {
      const a = peek();
      const b = tokens[i + 1];
      if (a?.t === 'punct' && a.v === '.' && b && (b.t === 'ident' || (b.t === 'number' && /^\d+$/.test(b.v)) || (b.t === 'punct' && b.v === '*'))) {
        i += 2;
        if (path && !path.dynamic) {
          path.segments.push(b.v.toLowerCase());
          if (b.v === '*') path.filter = true;
        }
      } else if (a?.t === 'punct' && a.v === '[') {
        i++;
        const c = tokens[i + 1];
        const literal = b && (b.t === 'string' || (b.t === 'number' && /^\d+$/.test(b.v)) || (b.t === 'punct' && b.v === '*')) && c?.t === 'punct' && c.v === ']';
        if (literal) {
          i += 2;
          if (path && !path.dynamic) path.segments.push(b.v.toLowerCase());
        } else {
          or();
          expect(']');
          if (path) path.dynamic = true;
        }
      } else break;
    }
    return path ? dangerOf(path) : d;
  };

  try {
    const d = or();
    return i === tokens.length ? d : null;
  } catch (err) {
    if (err instanceof SyntaxError) return null;
    throw err;
  }
}
