import { lineEnd } from '../../yaml/ast.js';
import type { TextPatch } from '../../yaml/text-patch.js';

/** A version-looking first word of a pin comment, optionally as `tag=v1.2.3` (pinact keeps that form). */
const VERSION_WORD = /^(tag=)?(v?\d+(?:\.\d+)*(?:[-+][\w.-]+)?)(?=\s|$)/;

export interface PinComment {
  /** The version the comment claims, if its first word looks like one. */
  version: string | undefined;
  /** The comment's first word, which may name a tag that does not look like a version (`# valgrind`). */
  word: string | undefined;
  /** Replaces or adds the version word, keeping spacing and whatever else the comment says. */
  patch(tag: string): TextPatch;
}

/** Reads the comment that trails a value ending at `valueEnd`; undefined when something other than a comment follows. */
export function pinComment(text: string, valueEnd: number): PinComment | undefined {
  const end = lineEnd(text, valueEnd);
  const rest = text.slice(valueEnd, end);
  if (rest.trim() === '') {
    return {
      version: undefined,
      word: undefined,
      patch: (tag) => ({ start: valueEnd, end: valueEnd, text: ` # ${tag}` }),
    };
  }
  const m = /^(\s+)#(\s*)/.exec(rest);
  if (!m) return undefined;
  const bodyStart = valueEnd + m[0].length;
  const body = text.slice(bodyStart, end);
  const match = VERSION_WORD.exec(body);
  if (match) {
    const versionStart = bodyStart + (match[1]?.length ?? 0);
    const version = match[2]!;
    return {
      version,
      word: version,
      patch: (tag) => ({ start: versionStart, end: versionStart + version.length, text: tag }),
    };
  }
  const first = /^\S+/.exec(body)?.[0];
  // Someone else's note: the version goes first, their words stay after it.
  return { version: undefined, word: first, patch: (tag) => ({ start: bodyStart, end: bodyStart, text: `${tag} # ` }) };
}
