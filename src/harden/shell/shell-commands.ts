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

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', ';;', 'esac', 'time', 'in']);
const PREFIXES = new Set(['sudo', 'nohup', 'exec', 'time']);
const ASSIGNMENT = /^[A-Za-z_][\w]*=/;

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
    out.push({ ...command, text });
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

/** Moves each heredoc body onto its command's line as one single-quoted word, so it is read as text. */
function foldHeredocs(script: string): string {
  const lines = script.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = /(?<!<)<<-?(?!<)\s*(['"]?)([\w-]+)\1/.exec(line);
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
      cur += c;
    } else if (c === "'") {
      const close = script.indexOf("'", i + 1);
      const end = close === -1 ? script.length : close;
      cur += script.slice(i, end + 1);
      i = end;
    } else if (c === '"') {
      stack.push('dq');
      cur += c;
    } else if (c === '[' && next === '[' && (cur.trim() === '' || /\s$/.test(cur)) && script.indexOf(']]', i) !== -1) {
      // A test's regex and grouping are not command separators.
      const end = script.indexOf(']]', i) + 2;
      cur += script.slice(i, end);
      i = end - 1;
    } else if (c === '#' && (cur === '' || /\s$/.test(cur))) {
      const nl = script.indexOf('\n', i);
      i = (nl === -1 ? script.length : nl) - 1;
    } else if (c === ')') {
      cut(stack[stack.length - 1] !== 'subst');
      if (stack[stack.length - 1] === 'subst') stack.pop();
    } else if (c === '\n' || c === '(' || c === ';' || c === '|' || (c === '&' && script[i - 1] !== '>' && next !== '>')) {
      cut();
      if ((c === '|' || c === '&' || c === ';') && next === c) i++;
    } else {
      cur += c;
    }
  }
  cut();
  return out;
}

function readCommand(segment: string): Omit<ShellCommand, 'text'> | undefined {
  const read = readWords(segment);
  if (!read) return undefined;
  const program = read.words[0] ?? '';
  if (read.words[0]) read.words[0] = read.words[0].replace(/^.*\//, '');
  return { ...read, program };
}

function readWords(segment: string): Omit<ShellCommand, 'text' | 'program'> | undefined {
  const words = segment.split(/\s+/).filter((w) => w !== '').map(unquote);
  const assignments: string[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (KEYWORDS.has(w) || PREFIXES.has(w)) continue;
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
    if (w === 'env') {
      while (i + 1 < words.length && (words[i + 1]!.startsWith('-') || ASSIGNMENT.test(words[i + 1]!))) {
        if (ASSIGNMENT.test(words[i + 1]!)) assignments.push(words[i + 1]!);
        i++;
      }
      continue;
    }
    if (w === 'xargs') {
      while (i + 1 < words.length && words[i + 1]!.startsWith('-')) i++;
      continue;
    }
    break;
  }
  const rest = words.slice(i);
  if (rest.length === 0 && assignments.length === 0) return undefined;
  return { words: rest, assignments };
}

function unquote(word: string): string {
  return word.replace(/^(['"])(.*)\1$/, '$2');
}
