/** Where in a script an expression sits, as far as the shell's quoting is concerned. */
export type ScriptContext =
  /** `command` is the text of the command the expression belongs to, up to the expression. */
  | { kind: 'unquoted' | 'double' | 'comment'; command: string }
  /** The body of an expanding heredoc or here-string; `command` is the line that opened it. */
  | { kind: 'heredoc'; command: string }
  /** Inside single quotes opened at `open` and closed at `close` (script offsets). */
  | { kind: 'single'; open: number; close: number; command: string }
  | { kind: 'blocked'; reason: string };

export interface Span {
  start: number;
  end: number;
}

/**
 * Commands that parse their argument (or, for heredocs, their input) as code again: moving the value into a shell
 * variable stops the shell's own injection but the value still reaches that interpreter as code.
 */
const REPARSING_ARGUMENT: readonly [RegExp, string][] = [
  [/(^|[\s;&|({`])eval(\s|$)/, 'eval'],
  [/(^|[\s/])(ba|z|da|k|fi)?sh(\.exe)?\s+(-\S*\s+)*-[a-z]*c\b/, 'a nested shell (sh -c)'],
  [/(^|[\s;&|(])(ssh|su)(\s|$)/, 'a remote or nested shell (ssh, su)'],
  [
    /(^|[\s/])(python[\d.]*|node|nodejs|perl|ruby|php)(\.exe)?\s+(-\S*\s+)*-(c|e|E|p|r|-eval|-print)\b/,
    'an interpreter given code on the command line',
  ],
  [/(^|[\s/])(pwsh|powershell)(\.exe)?\s.*-c(ommand)?\b/i, 'a nested PowerShell (-Command)'],
  [/(^|[\s;&|({])(iex|invoke-expression)(\s|$)/i, 'Invoke-Expression'],
  [/(^|[\s/])cmd(\.exe)?\s+\/[ck]\b/i, 'cmd /c'],
];

const INTERPRETER = String.raw`((ba|z|da|k|fi)?sh|python[\d.]*|node|nodejs|perl|ruby|php|pwsh|powershell|ssh|osascript|eval|iex|invoke-expression)(\.exe)?(\s|$)`;
const READS_CODE_FROM_INPUT = new RegExp(String.raw`(^|[\s;&|(/])` + INTERPRETER, 'i');
const PIPED_TO_INTERPRETER = new RegExp(String.raw`\|\s*(sudo\s+(-\S+\s+)*)?` + INTERPRETER, 'i');

/**
 * Why the value would still be parsed as code after the fix, or undefined. `rest` is the script after the expression
 * up to the end of its line, where a pipe into an interpreter (`echo … | sh`) would show.
 */
export function reparsedBy(ctx: ScriptContext, rest: string): string | undefined {
  if (ctx.kind === 'blocked' || ctx.kind === 'comment') return undefined;
  for (const [re, what] of REPARSING_ARGUMENT) if (re.test(ctx.command)) return what;
  if (ctx.kind === 'heredoc' && READS_CODE_FROM_INPUT.test(ctx.command))
    return 'an interpreter reading the heredoc as code';
  if (ctx.kind !== 'heredoc' && PIPED_TO_INTERPRETER.test(rest)) return 'an interpreter through a pipe';
  return undefined;
}
