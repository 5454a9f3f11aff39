/**
 * A parser for GitHub Actions expressions (the text inside `${{ … }}`, or a bare `if:`), keeping each node's offsets
 * so a rule can rewrite one part of an expression in place. Grammar and precedence as GitHub documents them
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#operators): `( )`, `[ ]`, `.`, `!`,
 * `< <= > >=`, `== !=`, `&&`, `||`, left to right.
 */

interface Span {
  /** Offsets into the parsed text: `[start, end)`. */
  start: number;
  end: number;
}

/** One step of a property path: `.name`, `.*`, or `[expr]`. */
export type Accessor = { kind: 'name'; name: string } | { kind: 'star' } | { kind: 'index'; index: Expr };

export type Expr = Span &
  (
    | { kind: 'string'; value: string }
    | { kind: 'number'; value: number; raw: string }
    | { kind: 'boolean'; value: boolean }
    | { kind: 'null' }
    /** A context reference: `github.event.issue.title`, `secrets[matrix.name]`. */
    | { kind: 'context'; root: string; accessors: Accessor[] }
    /** Properties of a value that is not a context: `fromJSON(x).a`, `(a || b).c`. */
    | { kind: 'member'; object: Expr; accessors: Accessor[] }
    | { kind: 'call'; name: string; args: Expr[] }
    | { kind: 'not'; operand: Expr }
    | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  );

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=';

type Token = Span &
  ({ t: 'ident'; v: string } | { t: 'string'; v: string } | { t: 'number'; v: string } | { t: 'punct'; v: string });

/** Parses one expression; undefined when it is not valid expression syntax. */
export function parseExpression(text: string): Expr | undefined {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return undefined;
  const parser = new Parser(tokens);
  const expr = parser.parseOr();
  return expr && parser.atEnd() ? expr : undefined;
}

/** Every node of the tree, the root first. */
export function* walkExpression(expr: Expr): Generator<Expr> {
  yield expr;
  switch (expr.kind) {
    case 'context':
    case 'member':
      if (expr.kind === 'member') yield* walkExpression(expr.object);
      for (const a of expr.accessors) if (a.kind === 'index') yield* walkExpression(a.index);
      break;
    case 'call':
      for (const arg of expr.args) yield* walkExpression(arg);
      break;
    case 'not':
      yield* walkExpression(expr.operand);
      break;
    case 'binary':
      yield* walkExpression(expr.left);
      yield* walkExpression(expr.right);
      break;
    default:
      break;
  }
}

/**
 * A context reference as a lower-cased dotted path (`GITHUB['actor']` → `github.actor`), or undefined when it has
 * a computed index or a filter. Contexts and their properties are case-insensitive.
 */
export function contextPath(expr: Expr): string | undefined {
  if (expr.kind !== 'context') return undefined;
  const parts = [expr.root.toLowerCase()];
  for (const a of expr.accessors) {
    if (a.kind === 'name') parts.push(a.name.toLowerCase());
    else if (a.kind === 'index' && a.index.kind === 'string') parts.push(a.index.value.toLowerCase());
    else return undefined;
  }
  return parts.join('.');
}

const LITERAL_WORDS: Record<string, Expr['kind']> = { true: 'boolean', false: 'boolean', null: 'null' };

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  atEnd(): boolean {
    return this.at === this.tokens.length;
  }

  parseOr(): Expr | undefined {
    return this.binary(['||'], () => this.parseAnd());
  }

  private parseAnd(): Expr | undefined {
    return this.binary(['&&'], () => this.parseEquality());
  }

  private parseEquality(): Expr | undefined {
    return this.binary(['==', '!='], () => this.parseComparison());
  }

  private parseComparison(): Expr | undefined {
    return this.binary(['<', '<=', '>', '>='], () => this.parseUnary());
  }

  private binary(ops: readonly BinaryOp[], next: () => Expr | undefined): Expr | undefined {
    let left = next();
    while (left) {
      const tok = this.peek();
      if (tok?.t !== 'punct' || !ops.includes(tok.v as BinaryOp)) break;
      this.at++;
      const right = next();
      if (!right) return undefined;
      left = { kind: 'binary', op: tok.v as BinaryOp, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseUnary(): Expr | undefined {
    const tok = this.peek();
    if (tok?.t === 'punct' && tok.v === '!') {
      this.at++;
      const operand = this.parseUnary();
      return operand && { kind: 'not', operand, start: tok.start, end: operand.end };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr | undefined {
    const primary = this.parsePrimary();
    if (!primary) return undefined;
    const accessors = this.accessors();
    if (!accessors) return undefined;
    if (accessors.list.length === 0) return primary;
    if (primary.kind === 'context')
      return { ...primary, accessors: [...primary.accessors, ...accessors.list], end: accessors.end };
    return { kind: 'member', object: primary, accessors: accessors.list, start: primary.start, end: accessors.end };
  }

  private accessors(): { list: Accessor[]; end: number } | undefined {
    const list: Accessor[] = [];
    let end = 0;
    for (;;) {
      const tok = this.peek();
      if (tok?.t === 'punct' && tok.v === '.') {
        const name = this.tokens[this.at + 1];
        if (name?.t === 'ident' || (name?.t === 'number' && /^\d+$/.test(name.v)))
          list.push({ kind: 'name', name: name.v });
        else if (name?.t === 'punct' && name.v === '*') list.push({ kind: 'star' });
        else return undefined;
        this.at += 2;
        end = name.end;
      } else if (tok?.t === 'punct' && tok.v === '[') {
        this.at++;
        const star = this.peek();
        let accessor: Accessor;
        if (star?.t === 'punct' && star.v === '*') {
          this.at++;
          accessor = { kind: 'star' };
        } else {
          const index = this.parseOr();
          if (!index) return undefined;
          accessor = { kind: 'index', index };
        }
        const close = this.peek();
        if (close?.t !== 'punct' || close.v !== ']') return undefined;
        this.at++;
        list.push(accessor);
        end = close.end;
      } else return { list, end };
    }
  }

  private parsePrimary(): Expr | undefined {
    const tok = this.peek();
    if (!tok) return undefined;
    this.at++;
    if (tok.t === 'string') return { kind: 'string', value: tok.v, start: tok.start, end: tok.end };
    if (tok.t === 'number') return { kind: 'number', value: Number(tok.v), raw: tok.v, start: tok.start, end: tok.end };
    if (tok.t === 'punct') {
      if (tok.v !== '(') return undefined;
      const inner = this.parseOr();
      const close = this.peek();
      if (!inner || close?.t !== 'punct' || close.v !== ')') return undefined;
      this.at++;
      return { ...inner, start: tok.start, end: close.end };
    }
    const word = LITERAL_WORDS[tok.v];
    if (word === 'boolean') return { kind: 'boolean', value: tok.v === 'true', start: tok.start, end: tok.end };
    if (word === 'null') return { kind: 'null', start: tok.start, end: tok.end };
    if (tok.v === 'NaN' || tok.v === 'Infinity')
      return { kind: 'number', value: Number(tok.v), raw: tok.v, start: tok.start, end: tok.end };
    const open = this.peek();
    if (open?.t === 'punct' && open.v === '(') {
      this.at++;
      const args: Expr[] = [];
      for (;;) {
        const next = this.peek();
        if (next?.t === 'punct' && next.v === ')' && args.length === 0) break;
        const arg = this.parseOr();
        if (!arg) return undefined;
        args.push(arg);
        const sep = this.peek();
        if (sep?.t === 'punct' && sep.v === ',') this.at++;
        else break;
      }
      const close = this.peek();
      if (close?.t !== 'punct' || close.v !== ')') return undefined;
      this.at++;
      return { kind: 'call', name: tok.v, args, start: tok.start, end: close.end };
    }
    return { kind: 'context', root: tok.v, accessors: [], start: tok.start, end: tok.end };
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }
}

const NUMBER = /-?(0x[0-9a-fA-F]+|0o[0-7]+|\d+(\.\d+)?([eE][+-]?\d+)?|\.\d+)/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const PUNCT = /==|!=|<=|>=|&&|\|\||[.[\]()!<>,*]/y;

/** Sticky match at `at`, without slicing the text: `if:` conditions are read for every step. */
function matchAt(re: RegExp, src: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(src)?.[0];
}

function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= src.length) return undefined;
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += src[j];
        j++;
      }
      out.push({ t: 'string', v: value, start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    const prev = out[out.length - 1];
    // A leading minus or dot belongs to a number only where an operand may start.
    const operandPosition = !prev || (prev.t === 'punct' && prev.v !== ')' && prev.v !== ']');
    const num = (c !== '-' && c !== '.') || operandPosition ? matchAt(NUMBER, src, i) : undefined;
    if (num) {
      out.push({ t: 'number', v: num, start: i, end: i + num.length });
      i += num.length;
      continue;
    }
    const ident = matchAt(IDENT, src, i);
    if (ident) {
      out.push({ t: 'ident', v: ident, start: i, end: i + ident.length });
      i += ident.length;
      continue;
    }
    const punct = matchAt(PUNCT, src, i);
    if (!punct) return undefined;
    out.push({ t: 'punct', v: punct, start: i, end: i + punct.length });
    i += punct.length;
  }
  return out;
}
