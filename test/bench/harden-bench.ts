// npm run bench:harden — the engine over the whole corpus, against yaml.parseDocument alone on the same files.
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import { harden } from '../../src/harden/harden.js';
import { staticActionResolver } from '../../src/harden/resolver/static-action-resolver.js';
import { corpusRefTable, corpusRepos, loadCorpus } from '../support/corpus.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const entries = loadCorpus();
const repos = [...corpusRepos(entries).values()];
const texts = entries.map((e) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(e.bytes));
const table = corpusRefTable(entries);

async function engineOnce(): Promise<number> {
  // A fresh resolver each round, so memoisation never carries over between rounds.
  const resolver = staticActionResolver(table);
  const t = performance.now();
  for (const files of repos) await harden({ files, resolver });
  return performance.now() - t;
}

function parseOnce(): number {
  const t = performance.now();
  for (const text of texts) parseDocument(text);
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await engineOnce();
parseOnce();
const engine: number[] = [];
const parse: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  // Interleaved, so drift on a shared machine hits both sides alike.
  engine.push(await engineOnce());
  parse.push(parseOnce());
}
const e = median(engine);
const p = median(parse);
const bytes = entries.reduce((n, x) => n + x.bytes.byteLength, 0);
console.log(`corpus: ${entries.length} files, ${(bytes / 1024).toFixed(0)} KiB, ${repos.length} repositories; ${ROUNDS} rounds, medians`);
console.log(`engine: ${e.toFixed(1)} ms/round, ${((entries.length / e) * 1000).toFixed(0)} files/s`);
console.log(`yaml.parseDocument alone: ${p.toFixed(1)} ms/round`);
console.log(`ratio engine/parse: ${(e / p).toFixed(2)} (target <= 2.00)`);
