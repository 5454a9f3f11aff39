/** One simple command of a shell script: its words with quotes removed, and the raw text it was read from. */
export interface ShellCommand {
  /** Quotes removed; the program (first word) is reduced to its base name. */
  words: string[];
  /** The program as written, directory included (`./scripts/release.sh`), to tell local scripts apart. */
  program: string;
  /** The segment's raw text, plus any heredoc body it feeds, for spotting where a token is mentioned. */
  text: string;
  /** `X=… cmd`: assignments written before the command word. */
  assignments: string[];
}

const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  '!',
  '{',
  '}',
  ';;',
  'esac',
  'in',
]);
/** Words that run the program after them, with the options among theirs that take a value. */
const OPTION_VALUES: Partial<Record<string, Set<string>>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--chdir']),
  nohup: new Set(),
  exec: new Set(['-a']),
  time: new Set(['-f', '-o']),
  env: new Set(['-u', '-C', '-S', '--unset', '--chdir']),
  xargs: new Set([
    '-I',
    '-L',
    '-n',
    '-P',
    '-s',
    '-d',
    '-E',
    '-a',
    '--max-args',
    '--max-procs',
    '--delimiter',
    '--arg-file',
  ]),
};
const ASSIGNMENT = /^[A-Za-z_][\w]*\+?=/;
const REDIRECT = /^(\d*|&)(<<<|<&|>&|&>>?|>>?|<>?)/;
const REDIRECT_ALONE = /^(\d*|&)(<<<|<&|>&|&>>?|>>?|<>?)$/;

/**
 * Splits a script into simple commands, roughly as a POSIX shell would: line continuations are joined, comments are
 * dropped, heredoc bodies stay with the command that reads them (as text, not commands), and commands are cut at
 * newlines, `;`, `&&`, `||`, `|`, `&`, `$(`, backticks and parentheses outside quotes. It only has to find which
 * programs run; when it is wrong, a word taken for a program leaves the permissions unknown, which is the safe side.
 */
export function shellCommands(script: string): ShellCommand[] {
  const out: ShellCommand[] = [];
  let inCase = 0;
  for (const { text, byParen } of splitSegments(foldHeredocs(script.replace(/\\\r?\n/g, ' ')))) {
    // In a case statement, `pattern)` ends at a parenthesis and is not a command.
    if (inCase > 0 && byParen && !/^(esac|case)\b/.test(text)) continue;
    const command = readCommand(text);
    if (!command) continue;
    const first = command.words[0];
    if (first === 'case') inCase++;
    if (first === 'esac' && inCase > 0) inCase--;
    if (first === 'for' || first === 'case' || first === 'select' || first === 'esac') continue;
    out.push({ words: command.words, assignments: command.assignments, program: command.program, text });
  }
  return out;
}

/** Names the script defines as shell functions; calling them runs code the scan already covers. */
export function shellFunctions(script: string): Set<string> {
  const names = new Set<string>();
  for (const m of script.matchAll(/^\s*(?:function\s+)?([\w-]+)\s*\(\)\s*\{?/gm)) names.add(m[1]!);
  for (const m of script.matchAll(/^\s*function\s+([\w-]+)/gm)) names.add(m[1]!);
  return names;
}

/** The `<<EOF` of a line, read outside quotes only (`echo "out<<EOF" >> "$GITHUB_OUTPUT"` starts none). */
function heredocMarker(line: string): RegExpExecArray | null {
  if (!line.includes('<<')) return null;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return null;
    else if (c === '<' && line[i + 1] === '<' && line[i + 2] !== '<' && line[i - 1] !== '<') {
      return /^<<-?\s*(['"]?)([\w-]+)\1/.exec(line.slice(i));
    }
  }
  return null;
}

/** Moves each heredoc body onto its command's line as one single-quoted word, so it is read as text. */
function foldHeredocs(script: string): string {
  const lines = script.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = heredocMarker(line);
    if (!marker || /^\s*#/.test(line)) {
      out.push(line);
      continue;
    }
    const body: string[] = [];
    while (i + 1 < lines.length && lines[i + 1]!.trim() !== marker[2]) body.push(lines[++i]!);
    i++;
    out.push(`${line} '${body.join(' ').replace(/'/g, '')}'`);
  }
  return out.join('\n');
}

function splitSegments(script: string): { text: string; byParen: boolean }[] {
  const out: { text: string; byParen: boolean }[] = [];
  let cur = '';
  // What encloses the current character: a double-quoted string, or a command substitution (inside or outside one).
  const stack: ('dq' | 'subst')[] = [];
  const cut = (byParen = false) => {
    if (cur.trim() !== '') out.push({ text: cur.trim(), byParen });
    cur = '';
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    const next = script[i + 1];
    const inDouble = stack[stack.length - 1] === 'dq';
    if (c === '\\') {
      cur += c + (next ?? '');
      i++;
    } else if (c === '$' && next === '(' && script[i + 2] !== '(') {
      cut();
      stack.push('subst');
      i++;
    } else if (c === '`') {
      cut();
    } else if (inDouble) {
      if (c === '"') stack.pop();
      const end = c === '"' ? i + 1 : runEnd(script, i + 1, DQ_SPECIAL);
      cur += script.slice(i, end);
      i = end - 1;
    } else if (c === "'") {
      const close = script.indexOf("'", i + 1);
      const end = close === -1 ? script.length : close;
      cur += script.slice(i, end + 1);
      i = end;
    } else if (c === '"') {
      stack.push('dq');
      cur += c;
    } else if (c === '[' && next === '[' && (cur.trim() === '' || /\s$/.test(cur)) && testEnd(script, i) !== -1) {
      // A test's regex and grouping are not command separators (unless it runs a command substitution).
      const end = testEnd(script, i) + 2;
      cur += script.slice(i, end);
      i = end - 1;
    } else if (c === '#' && (cur === '' || /\s$/.test(cur))) {
      const nl = script.indexOf('\n', i);
      i = (nl === -1 ? script.length : nl) - 1;
    } else if (c === '(' && /[\w+]=$/.test(cur)) {
      // An array assignment, `files+=("$f")`: its parentheses hold words, not commands.
      const close = script.indexOf(')', i);
      const end = close === -1 ? script.length : close + 1;
      cur += script.slice(i, end);
      i = end - 1;
    } else if (c === ')') {
      cut(stack[stack.length - 1] !== 'subst');
      if (stack[stack.length - 1] === 'subst') stack.pop();
    } else if (
      c === '\n' ||
      c === '(' ||
      c === ';' ||
      c === '|' ||
      (c === '&' && script[i - 1] !== '>' && next !== '>')
    ) {
      cut();
      if ((c === '|' || c === '&' || c === ';') && next === c) i++;
    } else {
      // With the run of ordinary characters after it: none of them cuts, quotes or opens anything.
      const end = runEnd(script, i + 1, SPECIAL);
      cur += script.slice(i, end);
      i = end - 1;
    }
  }
  cut();
  return out;
}

/** Characters splitSegments acts on, outside double quotes and inside them. */
const SPECIAL = charTable('\\$`\'"[#()\n;|&');
const DQ_SPECIAL = charTable('\\$`"');

function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}

/** Where the run of characters from `from` that `special` does not list ends. */
function runEnd(text: string, from: number, special: Uint8Array): number {
  let i = from;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128 && special[code] === 1) break;
  }
  return i;
}

/** Where the `]]` closing the test at `at` starts, or -1 when it runs a `$( )` whose command must be read. */
function testEnd(script: string, at: number): number {
  const end = script.indexOf(']]', at);
  return end === -1 || script.slice(at, end).includes('$(') ? -1 : end;
}

function readCommand(segment: string): Omit<ShellCommand, 'text'> | undefined {
  const read = readWords(segment);
  if (!read) return undefined;
  const program = read.words[0] ?? '';
  if (read.words[0]) read.words[0] = read.words[0].replace(/^.*\//, '');
  return { words: read.words, assignments: read.assignments, program };
}

function readWords(segment: string): Omit<ShellCommand, 'text' | 'program'> | undefined {
  const words = splitWords(segment);
  const assignments: string[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (KEYWORDS.has(w)) continue;
    if (REDIRECT.test(w)) {
      // `< file`, `2>/dev/null` before the program: the operator, and its target when written apart.
      if (REDIRECT_ALONE.test(w)) i++;
      continue;
    }
    const valued = OPTION_VALUES[w];
    if (valued) {
      // `sudo -u bot cmd`, `xargs -I {} cmd`, `env -u X cmd`: options (and their values) come before the program.
      while (
        i + 1 < words.length &&
        (words[i + 1]!.startsWith('-') || (w === 'env' && ASSIGNMENT.test(words[i + 1]!)))
      ) {
        const next = words[++i]!;
        if (ASSIGNMENT.test(next) && !next.startsWith('-')) assignments.push(next);
        else if (valued.has(next)) i++;
      }
      continue;
    }
    if (ASSIGNMENT.test(w)) {
      assignments.push(w);
      continue;
    }
    if (w === 'export' || w === 'local' || w === 'declare' || w === 'readonly') {
      // `export X=…` only sets variables; what matters is whether the value is the token.
      const rest = words.slice(i + 1).filter((x) => !x.startsWith('-'));
      if (rest.every((x) => ASSIGNMENT.test(x) || /^[A-Za-z_]\w*$/.test(x))) {
        assignments.push(...rest.filter((x) => ASSIGNMENT.test(x)));
        return { words: [], assignments };
      }
      continue;
    }
    break;
  }
  const rest = words.slice(i);
  if (rest.length === 0 && assignments.length === 0) return undefined;
  return { words: rest, assignments };
}

/**
 * Words as the shell reads them: split at unquoted blanks, quotes removed, backslash escapes kept as the escaped
 * character. An unclosed quote runs to the end of the segment.
 */
export function splitWords(segment: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "'") {
      const close = segment.indexOf("'", i + 1);
      const end = close === -1 ? segment.length : close;
      cur += segment.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < segment.length && segment[j] !== '"'; j++) {
        if (segment[j] === '\\' && j + 1 < segment.length) j++;
        cur += segment[j];
      }
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < segment.length) {
      cur += segment[++i];
      inWord = true;
    } else if (isBlank(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words.filter((w) => w !== '');
}

/** `/\s/.test(c)`, without the regular expression for the printable ASCII characters. */
function isBlank(c: string): boolean {
  if (c === ' ') return true;
  return (c < ' ' || c > '~') && /\s/.test(c);
}
