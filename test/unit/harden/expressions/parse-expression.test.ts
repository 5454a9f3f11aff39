import { conditionExpression, fencedExpressions } from '../../../../src/harden/expressions/fenced-expressions.js';
import { contextPath, parseExpression, type Expr } from '../../../../src/harden/expressions/parse-expression.js';

/** The tree as nested text, operators bracketed, so precedence shows. */
function show(e: Expr | undefined): string {
  if (!e) return '∅';
  switch (e.kind) {
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'not':
      return `!${show(e.operand)}`;
    case 'call':
      return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'context':
      return contextPath(e) ?? `${e.root}[…]`;
    case 'member':
      return `${show(e.object)}.…`;
    case 'string':
      return `'${e.value}'`;
    case 'number':
      return e.raw;
    case 'boolean':
      return String(e.value);
    case 'null':
      return 'null';
  }
}

describe('parseExpression', () => {
  test.each([
    ["a || b && c == 'x'", "(a || (b && (c == 'x')))"],
    ['!a.b && c', '(!a.b && c)'],
    ['a < 1 == b >= -2', '((a < 1) == (b >= -2))'],
    ["GitHub['Actor'] == 'x[bot]'", "(github.actor == 'x[bot]')"],
    ["contains(github.event.pull_request.labels.*.name, 'ok')", "contains(github[…], 'ok')"],
    ['fromJSON(needs.a.outputs.m).x || null', '(fromJSON(needs.a.outputs.m).… || null)'],
    ["'it''s' != format('{0}', true)", "('it's' != format('{0}', true))"],
    ['steps.my-step.outputs.v', 'steps.my-step.outputs.v'],
  ])('%s', (src, tree) => {
    expect(show(parseExpression(src))).toBe(tree);
  });

  test.each([['a =='], ["'open"], ['a b'], ['f(a,'], ['(a'], ['a ? b : c'], ['']])('rejects %j', (src) => {
    expect(parseExpression(src)).toBeUndefined();
  });

  test('nodes keep their offsets in the text', () => {
    const e = parseExpression("x && github.actor == 'a'")!;
    expect(e.kind === 'binary' && e.right.kind === 'binary' && [e.right.left.start, e.right.left.end]).toEqual([5, 17]);
  });
});

describe('fenced expressions', () => {
  test('each ${{ }} ends at the first }} outside a string', () => {
    expect(fencedExpressions("a ${{ x }} b ${{ '}}' }}").map((f) => f.inner)).toEqual([' x ', " '}}' "]);
  });

  test('an if: is the whole value, or the one expression that is all of it; text mixed in is a template', () => {
    expect(conditionExpression('a == b')).toEqual({ text: 'a == b', offset: 0 });
    expect(conditionExpression(' ${{ a }} ')).toEqual({ text: ' a ', offset: 4 });
    expect(conditionExpression('${{ a }} && b')).toBeUndefined();
  });
});
