import {
  dangerOf,
  DEFAULT_SOURCES,
  LITERALS,
  tokenize,
  type ContextPath,
  type Danger,
  type TaintSources,
  type Token,
} from './expressions.js';

/** Functions whose result is a boolean or a hash, whatever their arguments hold. */
const OPAQUE_FUNCTIONS = new Set([
  'contains',
  'startswith',
  'endswith',
  'success',
  'failure',
  'always',
  'cancelled',
  'hashfiles',
]);

/**
 * What a sub-expression evaluates to, as far as taint goes: the danger it carries, and the context references it may
 * be (one for `a.b`, each operand for `a || b`), so that a member read after parentheses narrows them:
 * `(github.event.pull_request || github.event.issue).number` is a number whichever side is taken.
 */
interface Value {
  danger: Danger | undefined;
  paths: ContextPath[] | undefined;
}

const opaque: Value = { danger: undefined, paths: undefined };

/**
 * Whether the value an expression produces can carry attacker-controlled text, following it through the grammar:
 * comparisons, `!` and boolean functions (`contains`, `startsWith`, …) yield booleans, so a dangerous context used
 * only there is harmless (`${{ github.event.issue.title == 'x' && 'a' || 'b' }}`, zizmor#1139); `&&`, `||`,
 * `format`, `join`, `toJSON`, `fromJSON` and unknown functions pass their operands' text on. Returns `null` when the
 * expression does not parse, so the caller can fall back to a plain scan.
 */
export function outputDanger(inner: string, sources: TaintSources = DEFAULT_SOURCES): Danger | undefined | null {
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
  const join = (a: Value, b: Value): Value => ({
    danger: first(a.danger, b.danger),
    paths: a.paths && b.paths ? [...a.paths, ...b.paths] : undefined,
  });

  const or = (): Value => {
    let v = and();
    while (isPunct('||')) {
      i++;
      v = join(v, and());
    }
    return v;
  };
  const and = (): Value => {
    let v = comparison();
    while (isPunct('&&')) {
      i++;
      v = join(v, comparison());
    }
    return v;
  };
  const comparison = (): Value => {
    const v = unary();
    let compared = false;
    while (['==', '!=', '<', '<=', '>', '>='].some(isPunct)) {
      i++;
      unary();
      compared = true;
    }
    return compared ? opaque : v;
  };
  const unary = (): Value => {
    if (isPunct('!')) {
      i++;
      unary();
      return opaque;
    }
    return postfix();
  };
  const postfix = (): Value => {
    const tok = peek() ?? fail();
    let v: Value = opaque;
    if (tok.t === 'ident' && !LITERALS.has(tok.v) && tokens[i + 1]?.t === 'punct' && tokens[i + 1]!.v === '(') {
      i += 2;
      const args: (Danger | undefined)[] = [];
      while (!isPunct(')')) {
        args.push(or().danger);
        if (!isPunct(')')) expect(',');
      }
      i++;
      v = { danger: OPAQUE_FUNCTIONS.has(tok.v.toLowerCase()) ? undefined : first(...args), paths: undefined };
    } else if (tok.t === 'ident' && !LITERALS.has(tok.v)) {
      i++;
      const path: ContextPath = { segments: [tok.v.toLowerCase()], filter: false, dynamic: false };
      v = { danger: undefined, paths: [path] };
    } else if (tok.t === 'punct' && tok.v === '(') {
      i++;
      v = or();
      expect(')');
      if (v.paths) v.paths = v.paths.map((p) => ({ ...p, segments: [...p.segments] }));
    } else if (tok.t === 'string' || tok.t === 'number' || tok.t === 'ident') {
      i++;
    } else fail();
    const extend = (segment: string | undefined) => {
      for (const p of v.paths ?? []) {
        if (p.dynamic) continue;
        if (segment === undefined) p.dynamic = true;
        else {
          p.segments.push(segment);
          if (segment === '*') p.filter = true;
        }
      }
    };
    for (;;) {
      const a = peek();
      const b = tokens[i + 1];
      if (
        a?.t === 'punct' &&
        a.v === '.' &&
        b &&
        (b.t === 'ident' || (b.t === 'number' && /^\d+$/.test(b.v)) || (b.t === 'punct' && b.v === '*'))
      ) {
        i += 2;
        extend(b.v.toLowerCase());
      } else if (a?.t === 'punct' && a.v === '[') {
        i++;
        const c = tokens[i + 1];
        const literal =
          b &&
          (b.t === 'string' || (b.t === 'number' && /^\d+$/.test(b.v)) || (b.t === 'punct' && b.v === '*')) &&
          c?.t === 'punct' &&
          c.v === ']';
        if (literal) {
          i += 2;
          extend(b.v.toLowerCase());
        } else {
          or();
          expect(']');
          extend(undefined);
        }
      } else break;
    }
    // A value known only as "some context" is as dangerous as the worst of the references it may be.
    return v.paths ? { danger: first(...v.paths.map((p) => dangerOf(p, sources))), paths: v.paths } : v;
  };

  try {
    const v = or();
    return i === tokens.length ? v.danger : null;
  } catch (err) {
    if (err instanceof SyntaxError) return null;
    throw err;
  }
}
