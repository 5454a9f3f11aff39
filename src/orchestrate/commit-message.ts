/** The line every commit Rampart makes carries; a branch head without it is someone else's work. */
const MARKER = /^Rampart: \d+ change\(s\) in \d+ file\(s\)\.$/m;

/** The message of Rampart's commit: the pull request title, then the marker line. */
export function commitMessage(title: string, changes: ReadonlyArray<{ file: string }>): string {
  const files = new Set(changes.map((c) => c.file));
  return `${title}\n\nRampart: ${changes.length} change(s) in ${files.size} file(s).\n`;
}

/** Whether a commit message is one `commitMessage` wrote. */
export function isRampartCommit(message: string): boolean {
  return MARKER.test(message);
}
