import { isAlias, type Node } from 'yaml';
import { conditionExpression } from '../../expressions/fenced-expressions.js';
import { jobsOf } from '../../model/workflow-model.js';
import { fileRule, type FileContext, type FileRuleResult } from '../../rule.js';
import { keyName, mapOf, pairOf, stringOf, valueOf } from '../../yaml/ast.js';
import { locatePair } from '../../yaml/locate-pair.js';

export const hardcodedContainerCredentials = fileRule({
  id: 'hardcoded-container-credentials',
  kinds: ['workflow'],
  defaultEnabled: true,
  action: 'report',
  severity: 'high',
  confidence: 'high',
  help: 'Store the registry password as a secret, write `password: ${{ secrets.REGISTRY_PASSWORD }}`, and rotate the one that was in the file.',
  title: 'Report registry passwords written into container and service settings',
  explanation:
    'A password in `container.credentials` or `services.<id>.credentials` is in the repository for anyone who can read ' +
    'it, and in its history for good. Only a person can move it to a secret and rotate it, so Rampart reports it.',
  async check({ file }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    if (!file.text.includes('password')) return out;
    for (const job of jobsOf(file)) {
      const containers: [string, unknown][] = [['container', valueOf(job.map, 'container')]];
      for (const pair of mapOf(valueOf(job.map, 'services'))?.items ?? [])
        containers.push([`service ${keyName(pair) ?? '?'}`, pair.value]);
      for (const [what, container] of containers) {
        const password = pairOf(valueOf(container, 'credentials'), 'password');
        if (!password) continue;
        const node: Node | null = isAlias(password.value) ? (password.value.resolve(file.doc) ?? null) : password.value;
        const value = stringOf(node);
        if (value === undefined || value.trim() === '') continue;
        // A value that is one whole `${{ … }}` comes from a secret, a variable or an input (zizmor's test too).
        if ((conditionExpression(value)?.offset ?? 0) > 0) continue;
        out.notes.push({
          ...locatePair(file, password),
          message: `job ${job.id} ${what} has its registry password written in the workflow; anyone who can read the repository can use it`,
        });
      }
    }
    return out;
  },
});
