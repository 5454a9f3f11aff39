/** Whether a value hands a step the workflow's own GITHUB_TOKEN. */
export type TokenKind = 'github' | 'other' | 'unknown';

/** Where `env.X` and `inputs.X` in an expression point; undefined when Rampart cannot see the value. */
export interface ExpressionScope {
  env(name: string): string | undefined;
  input(name: string): TokenKind | undefined;
}

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const GITHUB_TOKEN_REF =
  /\bgithub\s*\.\s*token\b|\bsecrets\s*\.\s*github_token\b|\bgithub\s*\[\s*['"]token['"]\s*\]|\bsecrets\s*\[\s*['"]github_token['"]\s*\]/i;
const CONTEXT_REF = /\b(inputs|env|matrix|secrets|steps|needs|vars|github|job|jobs|runner|strategy)\s*\.\s*([\w-]+)/gi;
const MAX_DEPTH = 8;

/** Whether an expression body names GITHUB_TOKEN directly. */
export function namesGithubToken(text: string): boolean {
  return GITHUB_TOKEN_REF.test(text);
}

/**
 * Classifies a value given to a token input or variable. A literal is some other token; an expression naming
 * `github.token` or `secrets.GITHUB_TOKEN` anywhere (`secrets.PAT || github.token`) may be GITHUB_TOKEN; `env.X`
 * and `inputs.X` are followed where the scope knows them; other secrets and step outputs are other tokens.
 */
export function tokenKind(value: string, scope: ExpressionScope, depth = 0): TokenKind {
  if (depth > MAX_DEPTH) return 'unknown';
  let kind: TokenKind = 'other';
  for (const m of value.matchAll(EXPRESSION)) {
    const body = m[1]!;
    if (namesGithubToken(body)) return 'github';
    for (const ref of body.matchAll(CONTEXT_REF)) {
      const context = ref[1]!.toLowerCase();
      const name = ref[2]!;
      let found: TokenKind | undefined = 'other';
      if (context === 'env') {
        const literal = scope.env(name);
        found = literal === undefined ? undefined : tokenKind(literal, scope, depth + 1);
      } else if (context === 'inputs') {
        found = scope.input(name);
      } else if (context === 'matrix') {
        found = undefined;
      }
      if (found === 'github') return 'github';
      if (found === undefined || found === 'unknown') kind = 'unknown';
    }
  }
  return kind;
}

/** Each `${{ … }}` in a text, with its offset range. */
export function expressionsIn(text: string): { start: number; end: number; body: string }[] {
  return [...text.matchAll(EXPRESSION)].map((m) => ({ start: m.index, end: m.index + m[0].length, body: m[1]! }));
}

/** The literal a whole-value `${{ env.X }}` stands for, when the scope knows it. */
export function resolveEnvValue(value: string, scope: ExpressionScope): string | undefined {
  const m = /^\s*\$\{\{\s*env\s*\.\s*([\w-]+)\s*\}\}\s*$/i.exec(value);
  if (!m) return value.includes('${{') ? undefined : value;
  const literal = scope.env(m[1]!);
  return literal === undefined || literal.includes('${{') ? undefined : literal;
}
