import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The layer check run by `npm run lint`, with the repository's own configuration, over tiny trees written here: it
// must fail on an import that climbs a layer, on two folders importing each other and on a folder in no layer, and
// pass a tree that keeps the order.
const CHECK = fileURLToPath(new URL('../../../scripts/check-layers.mjs', import.meta.url));

const TSCONFIG = JSON.stringify({
  compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true },
  include: ['src', 'workers'],
});

function check(files: Record<string, string>): { code: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-layers-'));
  try {
    for (const [path, text] of Object.entries({ 'tsconfig.json': TSCONFIG, ...files })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = spawnSync(process.execPath, [CHECK], { cwd: dir, encoding: 'utf8' });
    return { code: run.status, output: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm run lint: the layer check', () => {
  test('fails on an upward import, a folder cycle, imports between peers that must not, and a folder in no layer', () => {
    const { code, output } = check({
      'src/store/session-store.ts': `import { route } from '../api/route.js';\nexport const store = route;\n`,
      'src/api/route.ts': `import { page } from '../web/page.js';\nexport const route = page;\n`,
      'src/web/page.ts': `import { other } from '../api/other.js';\nexport const page = other;\n`,
      'src/api/other.ts': `export const other = 1;\n`,
      'src/gadgets/gadget.ts': `import { other } from '../api/other.js';\nexport const gadget = other;\n`,
      'src/vault/vault.ts': `import { store } from '../store/session-store.js';\nexport const vault = store;\n`,
      'src/accounts/accounts.ts': `import { pat } from '../credentials/save-pat.js';\nexport const accounts = pat;\n`,
      'src/credentials/save-pat.ts': `export const pat = 1;\n`,
    });
    expect(code).toBe(1);
    expect(output).toMatch(/error layer-store: src\/store\/session-store\.ts → src\/api\/route\.ts/);
    expect(output).toMatch(/error no-folder-cycles: src\/api ⇄ src\/web/);
    expect(output).toMatch(/error layer-unknown: src\/gadgets\/gadget\.ts/);
    expect(output).toMatch(/error vault-not-to-store: src\/vault\/vault\.ts → src\/store\/session-store\.ts/);
    expect(output).toMatch(
      /error domain-peers-independent: src\/accounts\/accounts\.ts → src\/credentials\/save-pat\.ts/,
    );
  }, 60_000);

  test('passes imports that point down the layers, and type-only ones count too', () => {
    const { code, output } = check({
      'src/api/route.ts': `import type { Store } from '../store/store.js';\nimport { clock } from '../clock.js';\nexport const route = (s: Store) => [s, clock];\n`,
      'src/store/store.ts': `import { clock } from '../clock.js';\nexport type Store = { at: typeof clock };\n`,
      'src/clock.ts': `export const clock = 0;\n`,
    });
    expect(output).not.toMatch(/error/);
    expect(code).toBe(0);
    const upward = check({
      'src/store/store.ts': `import type { Route } from '../api/route.js';\nexport type Store = Route;\n`,
      'src/api/route.ts': `export type Route = string;\n`,
    });
    expect(upward.output).toMatch(/error layer-store: src\/store\/store\.ts → src\/api\/route\.ts/);
    expect(upward.code).toBe(1);
  }, 60_000);
});
