import { readRunScript, type RunScriptContext, type RunScriptReading } from './read-run-script.js';

export interface ScriptReader {
  read(script: string, ctx: RunScriptContext): RunScriptReading;
  /** Every file some reading wanted and was not given, sorted. */
  wanted(): string[];
}

/** A `readRunScript` that remembers its answers for one engine run, keyed by the script and what it is judged by. */
export function scriptReader(): ScriptReader {
  const seen = new Map<string, RunScriptReading>();
  // Readings that needed nothing but the script (no make/npm target, no local script): the same for every step.
  const plain = new Map<string, RunScriptReading>();
  const wants = new Set<string>();
  return {
    read(script, ctx) {
      const same = plain.get(script);
      if (same) return same;
      const key = [script, ctx.workingDirectory ?? '', ...ctx.names.map((n) => `${n.label}=${n.text}`)].join('\0');
      let hit = seen.get(key);
      if (!hit) {
        let asked = false;
        const probe: RunScriptContext = {
          get names() {
            asked = true;
            return ctx.names;
          },
          get workingDirectory() {
            asked = true;
            return ctx.workingDirectory;
          },
          fileText: (path) => {
            asked = true;
            return ctx.fileText(path);
          },
        };
        seen.set(key, (hit = readRunScript(script, probe)));
        if (!asked) plain.set(script, hit);
        for (const w of hit.wants) wants.add(w);
      }
      return hit;
    },
    wanted: () => [...wants].sort(),
  };
}
