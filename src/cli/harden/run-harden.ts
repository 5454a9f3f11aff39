import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { matchesPathGlob } from '../../harden/config-file/action-glob.js';
import { ociImageResolver } from '../../github/registry/oci-image-resolver.js';
import { harden } from '../../harden/harden.js';
import { summarize } from '../../harden/summarize.js';
import type { FileMap, HardenResult } from '../../harden/types.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { readRepoFiles, readWantedFiles } from '../read-repo-files.js';
import { colour, colourEnabled } from '../report/colour.js';
import { renderOutput } from '../report/render-output.js';
import { cliResolver } from './cli-resolver.js';
import type { HardenFlags } from './harden-flags.js';
import { hardenSettings } from './harden-settings.js';
import { judgeRun } from './judge-run.js';
import { selectPaths, type Selection } from './select-paths.js';

/** `rampart harden [paths…]`: resolves to the exit code (0 clean, 1 the gate failed or a file had an error). */
export async function runHarden(paths: string[], flags: HardenFlags, io: CliIo): Promise<number> {
  const started = performance.now();
  const terminal = io.terminal ?? { stdout: false, stderr: false };
  const note = (line: string) => (flags.quiet ? undefined : io.stderr(`${line}\n`));
  const selection = await selectPaths(io.cwd, paths);
  const settings = await hardenSettings(selection.root, flags, io);
  const offline = Boolean(flags.offline);
  const pinning = settings.options.rules['pin-actions'] ?? true;
  const exempt = settings.options.pinActions.exempt;
  const resolver = await cliResolver({
    offline,
    apiUrl: settings.apiUrl,
    token: settings.token,
    pinning,
    exempt,
    ...(terminal.stderr && !flags.quiet ? { live: (text: string) => io.stderr(text) } : {}),
  });

  let all: Map<string, Uint8Array>;
  let input: FileMap;
  try {
    const ignored = (path: string) => settings.pathsIgnore.some((g) => matchesPathGlob(g, path));
    const wanted = engineInputFilter(selection);
    all = await readRepoFiles(selection.root, {
      skip: ignored,
      onFile: (path, bytes) => {
        if (wanted(path, bytes)) resolver.prefetch(new TextDecoder().decode(bytes));
      },
    });
    input = engineInput(all, selection);
  } catch (err) {
    resolver.stop();
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${paths.join(' ') || '.'}: ${(err as Error).message}`);
  }
  const chosen = [...input.keys()].filter((path) => selection.includes(path));
  for (const file of selection.files.filter((f) => !all.has(f)))
    note(`rampart: ${file} is not a workflow, action or Dependabot file (or is in paths-ignore); skipped`);
  if (chosen.length === 0) {
    resolver.stop();
    note(`rampart: nothing to harden in ${paths.join(' ') || '.'}: no workflow, action or Dependabot file`);
    return 0;
  }

  // Registries are asked for image digests unless --offline; an image that cannot be looked up is reported.
  const imageResolver = offline ? undefined : ociImageResolver({ fetch: globalThis.fetch });
  const run = (files: FileMap) =>
    harden({
      files,
      resolver: resolver.resolver,
      options: settings.options,
      ...(imageResolver ? { imageResolver } : {}),
    });
  let full: HardenResult;
  try {
    full = await run(input);
    // Local scripts and package.json files are read only when the engine asks, to judge a command that may push.
    const scripts = await readWantedFiles(selection.root, full.wanted);
    if (scripts.size > 0) full = await run(new Map([...input, ...scripts]));
  } finally {
    resolver.stop();
  }
  const result = onlyChosen(full, selection);
  if (flags.write) {
    for (const [path, bytes] of result.changes) {
      const target = join(selection.root, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
  }
  const down = resolver.unreachable();
  const verdict = judgeRun({
    result,
    before: all,
    failures: resolver.failures,
    check: Boolean(flags.check),
    wrote: Boolean(flags.write),
    failOn: settings.failOn,
    offline,
    unreachable: Boolean(down),
    pinning,
    exempt,
  });
  const view = { result, before: all, wrote: Boolean(flags.write), hidden: verdict.hidden, failing: verdict.failing };
  const c = colour(colourEnabled(io.env, terminal.stdout));
  io.stdout(await renderOutput(flags.format, view, { colour: c, quiet: Boolean(flags.quiet) }, io.env));

  const unresolvedCount = verdict.unresolved.length;
  if (down)
    io.stderr(
      `rampart: could not reach the GitHub API at ${down.url} (${down.reason}); ${unresolvedCount} ref(s) left unresolved\n`,
    );
  else if (offline) note(`rampart: offline: action refs are not resolved; ${unresolvedCount} left as they are`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  note(
    `rampart: ${result.report.summary.files} file(s) in ${seconds} s; ` +
      (offline ? 'offline' : `${resolver.requests()} request(s) to ${settings.apiUrl}`) +
      (settings.configPath ? `; settings from ${settings.configPath}` : ''),
  );
  if (verdict.code !== 0) io.stderr(`rampart: ${c.red('failed')}: ${verdict.reasons.join('; ')}\n`);
  return verdict.code;
}

/**
 * The files given to the engine: those chosen, plus what they are judged with — the Dependabot file and every
 * action in the checkout (local `uses: ./…`), and local reusable workflows — but not other workflows, whose refs
 * would cost requests for nothing.
 */
function engineInputFilter(selection: Selection): (path: string, bytes?: Uint8Array) => boolean {
  return (path) => selection.whole || selection.includes(path) || !path.startsWith('.github/workflows/');
}

function engineInput(all: ReadonlyMap<string, Uint8Array>, selection: Selection): FileMap {
  if (selection.whole) return all;
  const keep = engineInputFilter(selection);
  const input = new Map([...all].filter(([path]) => keep(path)));
  // Reusable workflows called from what is kept are read too, transitively.
  const decoder = new TextDecoder();
  const queue = [...input.keys()];
  while (queue.length > 0) {
    const text = decoder.decode(input.get(queue.pop()!));
    for (const m of text.matchAll(/uses:\s*['"]?\.\/(\.github\/workflows\/[^\s'"#@]+)/g)) {
      const called = m[1]!;
      const bytes = all.get(called);
      if (bytes && !input.has(called)) {
        input.set(called, bytes);
        queue.push(called);
      }
    }
  }
  return input;
}

/** The report and changes for the chosen files only, with the summary counted again. */
function onlyChosen(result: HardenResult, selection: Selection): HardenResult {
  if (selection.whole) return result;
  const files = result.report.files.filter((f) => selection.includes(f.path));
  return {
    changes: new Map([...result.changes].filter(([path]) => selection.includes(path))),
    report: { files, summary: summarize(files) },
    wanted: result.wanted,
  };
}
