#!/usr/bin/env node
// Runs dependency-cruiser with the repository's .dependency-cruiser.cjs over the current directory, prints its rule
// violations, then checks what its rules cannot say: that no two top-level folders (src/<folder>, workers, bin,
// packages/<name>) import each other, directly or through others. Its folder scope counts every nested folder and
// `src` itself (the foundation files) as a folder, which finds cycles that are not there.
// Usage: node scripts/check-layers.mjs   (exit 1 on any violation or folder cycle)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'dependency-cruiser';

const CONFIG = fileURLToPath(new URL('../.dependency-cruiser.cjs', import.meta.url));
const DEPCRUISE = fileURLToPath(
  new URL('../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url),
);
const TARGETS = ['src', 'workers', 'bin', 'packages', 'test'].filter((t) => existsSync(t));

/** The folder a module counts in for cycles, or null for modules outside the layered code (tests, libraries). */
export function unitOf(path) {
  const m = /^(src\/[^/]+(?=\/)|src\/[^/]+\.[cm]?[jt]s$|workers(?=\/)|bin(?=\/)|packages\/[^/]+(?=\/))/.exec(path);
  return m ? m[1] : null;
}

/** Strongly connected components with more than one member (Tarjan), each with one example import per edge. */
export function folderCycles(modules) {
  const edges = new Map();
  for (const mod of modules) {
    const from = unitOf(mod.source);
    if (!from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    for (const dep of mod.dependencies ?? []) {
      const to = unitOf(dep.resolved);
      if (!to || to === from || edges.get(from).has(to)) continue;
      edges.get(from).set(to, `${mod.source} → ${dep.resolved}`);
    }
  }
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((members) => ({
    members,
    imports: members.flatMap((a) => members.filter((b) => edges.get(a)?.has(b)).map((b) => edges.get(a).get(b))),
  }));
}

async function main() {
  const run = spawnSync(process.execPath, [DEPCRUISE, ...TARGETS, '--config', CONFIG, '--output-type', 'json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0 && !run.stdout.startsWith('{')) {
    process.stderr.write(run.stderr || `dependency-cruiser exited with ${run.status}\n`);
    return 2;
  }
  const result = JSON.parse(run.stdout);
  const report = await format(result, { outputType: 'err' });
  process.stdout.write(report.output);
  const cycles = folderCycles(result.modules);
  for (const cycle of cycles) {
    process.stdout.write(`  error no-folder-cycles: ${cycle.members.join(' ⇄ ')}\n`);
    for (const line of cycle.imports) process.stdout.write(`      ${line}\n`);
  }
  if (cycles.length > 0) process.stdout.write(`\nx ${cycles.length} folder cycle(s)\n`);
  return report.exitCode > 0 || cycles.length > 0 ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
