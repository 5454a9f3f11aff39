// npm run bench:harden — the engine over the whole corpus, against yaml.parseDocument alone on the same files.
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import { harden } from '../../src/harden/harden.js';
import type { ActionResolver } from '../../src/harden/resolver/action-resolver.js';
import { staticActionResolver, type ActionRefsFile } from '../../src/harden/resolver/static-action-resolver.js';
import { corpusRefTable, corpusRepos, loadCorpus, requireCorpus, type CorpusEntry } from '../support/corpus.js';
import { requestsPerRef } from './request-count.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
requireCorpus('npm run bench:harden');
const entries = loadCorpus();
const repos = [...corpusRepos(entries).values()];
const texts = entries.map((e) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(e.bytes));
const table = withActionMetadata(corpusRefTable(entries), entries);

/** The corpus's own action.yml files, served at every commit the table names for their repository. */
function withActionMetadata(refs: ActionRefsFile, corpus: CorpusEntry[]): ActionRefsFile {
  const out: ActionRefsFile = Object.fromEntries(
    Object.entries(refs).map(([repo, r]) => [repo, { ...r, actions: { ...r.actions } }]),
  );
  for (const e of corpus) {
    const m = /^(?:(.*)\/)?action\.ya?ml$/.exec(e.path);
    const slot = out[e.repo.toLowerCase()];
    if (m && slot) slot.actions![m[1] ?? ''] = new TextDecoder().decode(e.bytes);
  }
  return out;
}

/** One untimed round that counts what the engine asks for, so the report shows metadata reads are exercised. */
async function countMetadataReads(): Promise<{ reads: number; found: number }> {
  const inner = staticActionResolver(table);
  const counts = { reads: 0, found: 0 };
  const counting: ActionResolver = {
    resolve: (repo, ref) => inner.resolve(repo, ref),
    tagFor: (repo, sha) => inner.tagFor(repo, sha),
    actionMetadata: async (repo, path, sha) => {
      counts.reads++;
      const text = await inner.actionMetadata!(repo, path, sha).catch(() => null);
      if (text !== null) counts.found++;
      return text;
    },
  };
  for (const files of repos) await harden({ files, resolver: counting });
  return counts;
}

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
// Each round's pair ran back to back, so the median of the per-round ratios is what drift disturbs least.
const ratio = median(engine.map((x, i) => x / parse[i]!));
const bytes = entries.reduce((n, x) => n + x.bytes.byteLength, 0);
const metadata = await countMetadataReads();
const served = Object.values(table).reduce((n, r) => n + Object.keys(r.actions ?? {}).length, 0);
console.log(
  `corpus: ${entries.length} files, ${(bytes / 1024).toFixed(0)} KiB, ${repos.length} repositories; ${ROUNDS} rounds, medians`,
);
console.log(
  `action metadata: ${served} action.yml files in the resolver table; ${metadata.reads} reads per round, ${metadata.found} found`,
);
console.log(`engine: ${e.toFixed(1)} ms/round, ${((entries.length / e) * 1000).toFixed(0)} files/s`);
console.log(`yaml.parseDocument alone: ${p.toFixed(1)} ms/round`);
console.log(`ratio engine/parse: ${ratio.toFixed(2)} (median of per-round ratios; target <= 2.00)`);
const counted = await requestsPerRef(repos, table);
const per = (c: { requests: number; refs: number }) => (c.requests / Math.max(c.refs, 1)).toFixed(2);
console.log(
  `GitHub requests per distinct action@ref: ${per(counted.shared)} with one shared cache, as the service's workers ` +
    `(${counted.shared.requests} for ${counted.shared.refs}; target <= 0.57); ${per(counted.perRun)} with a fresh ` +
    `resolver per repository, as separate \`rampart harden\` runs (${counted.perRun.requests} for ${counted.perRun.refs})`,
);
