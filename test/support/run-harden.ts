import { harden } from '../../src/harden/harden.js';
import type { HardenOptionsInput } from '../../src/harden/options.js';
import type { ActionResolver } from '../../src/harden/resolver/action-resolver.js';
import type { ImageResolver } from '../../src/harden/resolver/image-resolver.js';
import { staticActionResolver, type ActionRefsFile } from '../../src/harden/resolver/static-action-resolver.js';
import type { Rule } from '../../src/harden/rule.js';
import type { FileReport, HardenReport } from '../../src/harden/types.js';

export const SHA = {
  checkoutV4: '11bd71901bbe5b1630ceea73d27597364c9af683',
  checkoutV3: 'f43a0e5ff2bd294095638e18286ca9a3d1956744',
  setupNode: '1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a',
  hardenRunner: '0634a2670c59f64b4a01f0f96f84700a4088b9f0',
  mainBranch: 'b4ffde65f46336ab88eb53be808477a3936bae11',
} as const;

/** Refs the unit tests resolve; the SHAs are shaped like real ones and used only here. */
export const TEST_REFS: ActionRefsFile = {
  'actions/checkout': {
    tags: {
      v4: SHA.checkoutV4,
      'v4.2.2': SHA.checkoutV4,
      'v4.2': SHA.checkoutV4,
      v3: SHA.checkoutV3,
      'v3.6.0': SHA.checkoutV3,
    },
    branches: { main: SHA.mainBranch },
  },
  'actions/setup-node': { tags: { v4: SHA.setupNode, 'v4.1.0': SHA.setupNode } },
  'step-security/harden-runner': { tags: { v2: SHA.hardenRunner, 'v2.12.0': SHA.hardenRunner } },
  'octo-org/reusable': { tags: { v1: SHA.mainBranch, 'v1.0.3': SHA.mainBranch } },
};

export interface RunOutput {
  /** Every input file, with its new text where it changed, plus created files. */
  files: Record<string, string>;
  changed: string[];
  report: HardenReport;
  file(path: string): FileReport;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { ignoreBOM: true });

export async function runHarden(
  input: Record<string, string | Uint8Array>,
  opts: { rules?: Rule[]; options?: HardenOptionsInput; resolver?: ActionResolver; imageResolver?: ImageResolver } = {},
): Promise<RunOutput> {
  const files = new Map(Object.entries(input).map(([p, c]) => [p, typeof c === 'string' ? enc.encode(c) : c]));
  const result = await harden({
    files,
    resolver: opts.resolver ?? staticActionResolver(TEST_REFS),
    ...(opts.rules ? { rules: opts.rules } : {}),
    ...(opts.options ? { options: opts.options } : {}),
    ...(opts.imageResolver ? { imageResolver: opts.imageResolver } : {}),
  });
  const out: Record<string, string> = {};
  for (const [p, b] of files) out[p] = dec.decode(b);
  for (const [p, b] of result.changes) out[p] = dec.decode(b);
  return {
    files: out,
    changed: [...result.changes.keys()].sort(),
    report: result.report,
    file: (path) => {
      const f = result.report.files.find((r) => r.path === path);
      if (!f) throw new Error(`no report for ${path}`);
      return f;
    },
  };
}

/** Joins lines with \n and a final newline, so fixtures read like files. */
export const yaml = (...lines: string[]) => lines.join('\n') + '\n';
