// `node --import ./module-recorder.mjs …` with RAMPART_MODULE_LOG=<file>: appends to that file every module the
// process loads, one URL or path a line, so a test can say what a command did not load. ES modules are seen as they
// load (a hook on the loader thread); CommonJS modules (required by other CommonJS ones, which skip the hooks) from
// the require cache when the process exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  register(import.meta.url);
  process.on('exit', () =>
    appendFileSync(
      process.env.RAMPART_MODULE_LOG,
      Object.keys(createRequire(import.meta.url).cache)
        .map((p) => `${p}\n`)
        .join(''),
    ),
  );
}

export async function load(url, context, nextLoad) {
  appendFileSync(process.env.RAMPART_MODULE_LOG, `${url}\n`);
  return nextLoad(url, context);
}
