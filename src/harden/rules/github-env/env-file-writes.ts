/** The runner's command files: each line written to them changes later steps. */
export type EnvFile = 'GITHUB_ENV' | 'GITHUB_PATH' | 'GITHUB_OUTPUT';

/** One write to a command file found in a script. */
export interface EnvFileWrite {
  file: EnvFile;
  /** Script offset of the line that writes. */
  offset: number;
  /** What is written: the command (or pipeline) before the redirection, plus a heredoc body it reads. */
  data: string;
  /** `echo`/`printf` (or a heredoc `cat`) of text with no expansion: nothing but the script itself decides it. */
  literal: boolean;
}

const FILES = '(GITHUB_ENV|GITHUB_PATH|GITHUB_OUTPUT)';
const SH_TARGET = new RegExp(
  String.raw`(>>?|\btee\b(?:\s+-{1,2}[\w-]+)*)\s*(["']?)\$(?:\{${FILES}\}|${FILES}(?![\w]))\2`,
  'g',
);
const PWSH_TARGET = new RegExp(
  String.raw`(>>?|\b(?:out-file|add-content|set-content|tee-object)\b[^\n|;]*?)\s*["']?\$\{?env:${FILES}\}?["']?(?![\w])`,
  'gi',
);
const CMD_TARGET = new RegExp(String.raw`(>>?)\s*"?%${FILES}%"?`, 'gi');

/**
 * Writes to `$GITHUB_ENV`, `$GITHUB_PATH` and `$GITHUB_OUTPUT` in a script, in bash/sh (`>> "$GITHUB_ENV"`,
 * `| tee -a $GITHUB_ENV`), PowerShell (`>> $env:GITHUB_ENV`, `Out-File`/`Add-Content`/`Set-Content`/`Tee-Object`)
 * and cmd (`>> %GITHUB_ENV%`) syntax: the same cases zizmor's github-env audit reads. Comments and text in single
 * quotes are skipped; a heredoc body is attached to the command that reads it.
 */
export function envFileWrites(script: string): EnvFileWrite[] {
  const out: EnvFileWrite[] = [];
  for (const line of logicalLines(script)) {
    const code = withoutComment(line.text);
    for (const [re, syntax] of [
      [SH_TARGET, 'sh'],
      [PWSH_TARGET, 'pwsh'],
      [CMD_TARGET, 'cmd'],
    ] as const) {
      re.lastIndex = 0;
      for (let m = re.exec(code); m; m = re.exec(code)) {
        if (inSingleQuotes(code, m.index)) continue;
        const file = (m[3] ?? m[4] ?? m[2])!.toUpperCase() as EnvFile;
        const writer =
          syntax === 'pwsh' && !m[1]!.startsWith('>')
            ? code.slice(0, m.index) + code.slice(m.index + m[0].length)
            : code.slice(0, m.index);
        const data = lastPipeline(writer) + (line.heredoc ? `\n${line.heredoc.body}` : '');
        out.push({ file, offset: line.offset, data, literal: isLiteral(lastPipeline(writer), line.heredoc, syntax) });
      }
    }
  }
  return out;
}

interface Line {
  text: string;
  offset: number;
  heredoc?: { body: string; quoted: boolean };
}

/** Lines with `\` continuations joined; a line opening a heredoc carries its body, which is not read as commands. */
function logicalLines(script: string): Line[] {
  const raw = script.split('\n');
  const out: Line[] = [];
  let offset = 0;
  for (let i = 0; i < raw.length; i++) {
    const start = offset;
    let text = raw[i]!.replace(/\r$/, '');
    offset += raw[i]!.length + 1;
    while (text.endsWith('\\') && i + 1 < raw.length) {
      text = text.slice(0, -1) + ' ' + raw[++i]!.replace(/\r$/, '');
      offset += raw[i]!.length + 1;
    }
    const marker = /<<-?\s*(['"]?)([\w-]+)\1/.exec(withoutComment(text));
    const line: Line = { text, offset: start };
    if (marker && !inSingleQuotes(text, marker.index)) {
      const body: string[] = [];
      while (i + 1 < raw.length && raw[i + 1]!.replace(/\r$/, '').trim() !== marker[2]) {
        body.push(raw[++i]!);
        offset += raw[i]!.length + 1;
      }
      if (i + 1 < raw.length) offset += raw[++i]!.length + 1;
      line.heredoc = { body: body.join('\n'), quoted: marker[1] !== '' };
    }
    out.push(line);
  }
  return out;
}

/** The line without a `#` comment that starts a word outside quotes. */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!)) && line[i - 1] !== '<') return line.slice(0, i);
  }
  return line;
}

function inSingleQuotes(line: string, at: number): boolean {
  let quote: string | undefined;
  for (let i = 0; i < at; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
  }
  return quote === "'";
}

/** The pipeline that ends where the write is: the text after the last `;`, `&&` or `||` outside quotes. */
function lastPipeline(text: string): string {
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ';' || (c === '&' && text[i + 1] === '&') || (c === '|' && text[i + 1] === '|'))
      start = i + (c === ';' ? 1 : 2);
  }
  return text.slice(start).trim();
}

/**
 * Whether the written text is fixed by the script: `echo`/`printf` (`Write-Output`, `echo` in PowerShell and cmd)
 * of words with no `$`, backtick or `%` expansion, or a `cat` of a heredoc whose body expands nothing.
 */
function isLiteral(writer: string, heredoc: Line['heredoc'], syntax: 'sh' | 'pwsh' | 'cmd'): boolean {
  if (/\$\{\{/.test(writer + (heredoc?.body ?? ''))) return false;
  const expands = syntax === 'cmd' ? /[%!]/ : syntax === 'pwsh' ? /[$`(]/ : /[$`]/;
  if (heredoc)
    return /^cat(\s|$)/.test(writer) && !/\|/.test(writer) && (heredoc.quoted || !expands.test(heredoc.body));
  const program = /^(echo|printf|write-output|write-host)(\s|$)/i.exec(writer);
  return Boolean(program) && !/[|<>]/.test(writer) && !expands.test(writer);
}
