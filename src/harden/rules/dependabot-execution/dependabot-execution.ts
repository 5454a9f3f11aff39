import { isAlias } from 'yaml';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import { mapOf, pairOf, seqOf, stringOf, valueOf } from '../../yaml/ast.js';
import { locatePair } from '../../yaml/locate-pair.js';

export const dependabotExecution = fileRule({
  id: 'dependabot-execution',
  kinds: ['dependabot'],
  defaultEnabled: true,
  action: 'report',
  severity: 'high',
  confidence: 'high',
  help: 'Set `insecure-external-code-execution: deny` (or remove the line) unless this updater cannot resolve dependencies without running their code, and then give it no private registry it does not need.',
  title: 'Report Dependabot updaters allowed to run dependency code',
  explanation:
    '`insecure-external-code-execution: allow` lets Dependabot run code from the manifests it updates (setup.py, ' +
    'gemspecs, build scripts) while it holds the credentials of the private registries it is given: a compromised ' +
    'dependency then gets them. Turning it off can stop Dependabot updating an ecosystem that needs it, so Rampart ' +
    'reports it and leaves the choice to a person.',
  async check({ file }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    for (const item of seqOf(valueOf(file.doc.contents, 'updates'))?.items ?? []) {
      const entry = isAlias(item) ? undefined : mapOf(item);
      const pair = pairOf(entry, 'insecure-external-code-execution');
      const value = pair && stringOf(isAlias(pair.value) ? pair.value.resolve(file.doc) : pair.value);
      if (!pair || value?.trim().toLowerCase() !== 'allow') continue;
      const ecosystem = stringOf(valueOf(entry, 'package-ecosystem')) ?? 'an';
      out.notes.push({
        ...locatePair(file, pair),
        message: `the ${ecosystem} updater lets Dependabot run code from the dependencies it updates, with access to the registries it is given`,
      });
    }
    return out;
  },
});
