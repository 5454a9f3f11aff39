import { chmod, open, readFile, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * One `KEY=value` line as both `docker compose` (env_file) and `docker run --env-file` read it: unquoted, on one
 * line. A PEM's newlines become the two characters `\n`, which Rampart's configuration turns back into newlines.
 */
export function envLine(key: string, value: string): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(key)) throw new Error(`${key} is not an environment variable name`);
  const oneLine = value.replace(/\r?\n/g, '\\n');
  if (/[\r\0]/.test(oneLine) || oneLine !== oneLine.trim())
    throw new Error(`the value of ${key} cannot be written to an env file as is`);
  return `${key}=${oneLine}`;
}

/** The settings of an env file (`KEY=value` lines; comments and blank lines skipped; surrounding quotes removed). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (!m?.[1] || line.trimStart().startsWith('#')) continue;
    const raw = (m[2] ?? '').trim();
    out[m[1]] = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return out;
}

/**
 * Sets `values` in the env file at `path`, keeping every other line (a key's existing line is replaced where it is,
 * new keys are appended). The file holds secrets: it is written to a new file created with mode 0600 and renamed
 * over the old one, so at no moment can another user read it. Returns whether the file existed.
 */
export async function writeEnvSettings(path: string, values: Record<string, string>): Promise<{ existed: boolean }> {
  const before = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  const pending = new Map(Object.entries(values));
  const lines = before === null ? [] : before.replace(/\r?\n$/, '').split(/\r?\n/);
  const kept = lines.map((line) => {
    const key = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (key === undefined || !pending.has(key)) return line;
    const next = envLine(key, pending.get(key) ?? '');
    pending.delete(key);
    return next;
  });
  for (const [key, value] of pending) kept.push(envLine(key, value));
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.env.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${kept.join('\n')}\n`);
  } finally {
    await handle.close();
  }
  // A umask cannot widen it, but an explicit chmod says so for any file system that ignored the creation mode.
  await chmod(temp, 0o600);
  await rename(temp, path);
  return { existed: before !== null };
}

/** The file's permission bits (e.g. 0o600), for messages and tests. */
export async function fileMode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}
