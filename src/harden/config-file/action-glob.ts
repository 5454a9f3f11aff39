/**
 * Whether `action` (`owner/repo[/path]`) matches a glob from the configuration: `*` stands for any text within one
 * path segment, `**` for any text across segments, `?` for one character. A pattern matches the repository
 * (`owner/repo`) or the whole action, so `my-org/*` covers `my-org/tools/lint` too. GitHub owner and repository names
 * are case-insensitive, so is the match.
 */
export function matchesActionGlob(pattern: string, action: string): boolean {
  const re = globRegExp(pattern);
  const [owner, repo] = action.split('/');
  return re.test(action) || (owner !== undefined && repo !== undefined && re.test(`${owner}/${repo}`));
}

/** True when any of `patterns` matches `action`. */
export function actionExempt(patterns: readonly string[], action: string): boolean {
  return patterns.some((p) => matchesActionGlob(p, action));
}

/** Whether a repository-relative `path` matches a glob, with the same wildcards; case-sensitive, like git paths. */
export function matchesPathGlob(pattern: string, path: string): boolean {
  return globRegExp(pattern.replace(/^\.?\/+/, ''), '').test(path);
}

function globRegExp(pattern: string, flags = 'i'): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` also matches no folder at all, as in .gitignore.
      if (pattern[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, flags);
}
