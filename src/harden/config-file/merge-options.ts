import type { HardenOptionsInput } from '../options.js';

type Section = 'pinActions' | 'hardenRunner' | 'dependabot';
const SECTIONS: readonly Section[] = ['pinActions', 'hardenRunner', 'dependabot'];
/** Lists that add up rather than replace: a flag's exemption should not silently drop the file's. */
const ADDITIVE = new Set(['exempt', 'linuxLabels']);

/**
 * Engine options from the configuration file with `over` (command-line flags) laid on top: a setting given in both
 * takes the flag's value, except the lists of exempt actions and runner labels, which are joined.
 */
export function mergeHardenOptions(base: HardenOptionsInput, over: HardenOptionsInput): HardenOptionsInput {
  const out: HardenOptionsInput = { ...base, ...over };
  if (base.rules || over.rules) out.rules = { ...base.rules, ...over.rules };
  for (const key of SECTIONS) {
    const a = base[key] as Record<string, unknown> | undefined;
    const b = over[key] as Record<string, unknown> | undefined;
    if (!a || !b) continue;
    const merged: Record<string, unknown> = { ...a, ...b };
    for (const list of ADDITIVE) {
      if (Array.isArray(a[list]) && Array.isArray(b[list]))
        merged[list] = [...new Set([...(a[list] as unknown[]), ...(b[list] as unknown[])])];
    }
    (out as Record<string, unknown>)[key] = merged;
  }
  return out;
}
