import type { Node } from 'yaml';
import { jobsOf } from '../../model/workflow-model.js';
import type { FileContext, FileRule, FileRuleResult } from '../../rule.js';
import { keyName, lineOfNode, mapOf, stringOf, valueOf } from '../../yaml/ast.js';

export const unpinnedImages: FileRule = {
  id: 'unpinned-images',
  scope: 'file',
  kinds: ['workflow'],
  defaultEnabled: true,
  title: 'Report container and service images not pinned to a digest',
  explanation:
    'An image tag, like an action tag, can be moved to new content. Pinning `container:` and `services:` images to ' +
    '`@sha256:<digest>` makes the job run exactly what was reviewed.',
  async check({ file }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    for (const job of jobsOf(file)) {
      const images: [string, Node | null | undefined][] = [['container', imageNode(valueOf(job.map, 'container'))]];
      for (const pair of mapOf(valueOf(job.map, 'services'))?.items ?? []) {
        images.push([`service ${keyName(pair) ?? '?'}`, imageNode(pair.value)]);
      }
      for (const [what, node] of images) {
        const image = stringOf(node);
        if (!image || image.includes('${{') || /@sha256:[0-9a-f]{64}$/.test(image)) continue;
        const tag = /:[^/]+$/.test(image) ? image.slice(image.lastIndexOf(':') + 1) : 'latest';
        out.notes.push({
          line: lineOfNode(file, node),
          message: `job ${job.id} ${what} image ${image} is ${tag === 'latest' ? 'unpinned (latest)' : `on tag ${tag}`}, not a digest; pin it as ${image}@sha256:<digest>`,
        });
      }
    }
    return out;
  },
};

/** `container: image` or `container: {image: …}`, and the same for each service. */
function imageNode(node: Node | null | undefined): Node | null | undefined {
  return mapOf(node) ? valueOf(node, 'image') : node;
}
