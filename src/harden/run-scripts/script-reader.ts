import { readRunScript, type RunScriptContext, type RunScriptReading } from './read-run-script.js';

/** A `readRunScript` that remembers its answers for one engine run, keyed by the script and what it is judged by. */
export function scriptReader(): (script: string, ctx: RunScriptContext) => RunScriptReading {
  const seen = new Map<string, RunScriptReading>();
  return (script, ctx) => {
    const key = [script, ctx.workingDirectory ?? '', ...ctx.names.map((n) => `${n.label}=${n.text}`)].join('\0');
    let hit = seen.get(key);
    if (!hit) seen.set(key, (hit = readRunScript(script, ctx)));
    return hit;
  };
}
