// The image's HEALTHCHECK (and docker-compose.yml's): GET a /healthz and exit 0 only on 200. With no URL argument it
// asks the process this container runs: the API on PORT (3000), or `rampart worker` on RAMPART_WORKER_METRICS_PORT,
// read from PID 1's command line. A worker without that port serves no health endpoint: then only its being alive counts.
// Usage: node docker/healthcheck.mjs [url]
import { readFileSync } from 'node:fs';

function defaultUrl() {
  let command = '';
  try {
    command = readFileSync('/proc/1/cmdline', 'utf8').split('\0').join(' ');
  } catch {
    // Not in a container (or no /proc): assume the API.
  }
  if (/\bworker\b/.test(command)) {
    const port = process.env.RAMPART_WORKER_METRICS_PORT;
    return port ? `http://127.0.0.1:${port}/healthz` : null;
  }
  return `http://127.0.0.1:${process.env.PORT || 3000}/healthz`;
}

const url = process.argv[2] ?? defaultUrl();
if (url === null) process.exit(0);
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  if (res.status !== 200) process.stderr.write(`${url} answered ${res.status}: ${(await res.text()).slice(0, 500)}\n`);
  process.exit(res.status === 200 ? 0 : 1);
} catch (err) {
  process.stderr.write(`${url}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
