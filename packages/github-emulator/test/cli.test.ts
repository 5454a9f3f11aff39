import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = fileURLToPath(new URL('./fixtures/sample-seed.json', import.meta.url));

// `npm run emulator` (at the repository root: the sources, through tsx) prints the base URL as its first stdout line.
// npm's own "> script" banner also goes to stdout, so callers run it with --silent (`npm run -s emulator -- …`).
test('npm run -s emulator -- --port 0 --seed <file> prints its URL first and serves the API', async () => {
  const child = spawn('npm', ['run', '--silent', 'emulator', '--', '--port', '0', '--seed', SAMPLE], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`emulator exited (${code}): ${stderr}`)));
    });
    expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${firstLine}/rate_limit`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rate: { limit: number } }).rate.limit).toBe(60);
    const repo = await fetch(`${firstLine}/repos/actions/checkout/commits/v4`, {
      headers: { accept: 'application/vnd.github.sha' },
    });
    expect(await repo.text()).toBe('11bd71901bbe5b1630ceea73d27597364c9af683');
  } finally {
    // npm, sh and tsx form a process group: end the whole group this test started.
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  }
}, 30_000);

// The package's own `github-emulator` bin runs the compiled emulator (dist/, built by `npm run build`).
test('the github-emulator bin: a bad seed file exits non-zero with a readable error', async () => {
  const child = spawn(process.execPath, ['bin/github-emulator.js', '--seed', 'package.json'], {
    cwd: PACKAGE,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(stderr).toContain('invalid seed');
  expect(stderr).toContain('Unrecognized key');
  expect(code).toBe(1);
}, 30_000);
