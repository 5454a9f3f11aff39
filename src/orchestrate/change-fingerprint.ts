import { createHash } from 'node:crypto';

const decoder = new TextDecoder();

/**
 * What a change set does, independent of where in the files it lands: per changed file, the lines it removes and the
 * lines it adds (as multisets, so an unrelated edit elsewhere in the file or moved line numbers leave it alone).
 * Two runs making the same changes give the same fingerprint; a pull request someone declined is recognised by it.
 */
export function changeFingerprint(
  before: ReadonlyMap<string, Uint8Array>,
  after: ReadonlyMap<string, Uint8Array>,
): string {
  const hash = createHash('sha256');
  for (const [path, bytes] of [...after].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const old = before.get(path);
    const { removed, added } = lineDelta(old ? decoder.decode(old) : '', decoder.decode(bytes));
    hash.update(JSON.stringify([path, old === undefined, removed, added]));
    hash.update('\n');
  }
  return hash.digest('hex');
}

function lineDelta(oldText: string, newText: string): { removed: string[]; added: string[] } {
  const count = new Map<string, number>();
  // Line endings are not part of the change: a CRLF file changed the same way gives the same fingerprint.
  const lines = (text: string) => (text === '' ? [] : text.split(/\r?\n/));
  for (const l of lines(oldText)) count.set(l, (count.get(l) ?? 0) + 1);
  const added: string[] = [];
  for (const l of lines(newText)) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else added.push(l);
  }
  const removed = [...count].flatMap(([l, n]) => Array<string>(n).fill(l));
  return { removed: removed.sort(), added: added.sort() };
}

const MARKER = /<!-- rampart:changes ([0-9a-f]{64}) -->/;

/** The line a pull request body carries, so a closed pull request tells which changes it held. */
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- rampart:changes ${fingerprint} -->`;
}

export function fingerprintOf(body: string): string | null {
  return MARKER.exec(body)?.[1] ?? null;
}
