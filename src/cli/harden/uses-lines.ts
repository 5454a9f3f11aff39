/** A remote `uses:` as written on its line, found without parsing: enough to start resolving early and to attribute. */
export interface UsesLine {
  line: number;
  /** `owner/repo`, as written. */
  repo: string;
  /** `owner/repo[/path]`. */
  action: string;
  ref: string;
  /** The first word of a trailing comment (`# v4.2.2`), the version a pin claims. */
  comment?: string;
}

const USES = /^\s*(?:-\s+)?['"]?uses['"]?\s*:\s*['"]?([^\s'"#]+)['"]?(?:\s+#\s*(?:tag=)?(\S+))?/;

/**
 * The remote action refs of a workflow or action file, line by line. A block-style `uses:` is one line in every
 * file Rampart edits; flow style and values built from expressions are skipped (the engine still sees them).
 */
export function usesLines(text: string): UsesLine[] {
  const out: UsesLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = USES.exec(lines[i]!);
    if (!m) continue;
    const value = m[1]!;
    if (value.startsWith('./') || value.startsWith('$/') || value.startsWith('docker://') || value.includes('${{'))
      continue;
    const at = value.lastIndexOf('@');
    const action = value.slice(0, at);
    const parts = action.split('/');
    if (at <= 0 || at === value.length - 1 || parts.length < 2 || parts.some((p) => p === '')) continue;
    out.push({
      line: i + 1,
      repo: `${parts[0]}/${parts[1]}`,
      action,
      ref: value.slice(at + 1),
      ...(m[2] ? { comment: m[2] } : {}),
    });
  }
  return out;
}

export const FULL_SHA = /^[0-9a-f]{40}$/i;
