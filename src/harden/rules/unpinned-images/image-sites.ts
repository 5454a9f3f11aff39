import type { Node } from 'yaml';
import { jobsOf, type JobRef } from '../../model/workflow-model.js';
import type { SourceFile } from '../../types.js';
import { keyName, mapOf, stringOf, valueOf } from '../../yaml/ast.js';

/** One place a container image is named. */
export interface ImageSite {
  /** For messages: `job a container`, `job a service db`, `the Docker action`. */
  what: string;
  node: Node;
  /** The value as written (a `docker://` prefix removed). */
  image: string;
  /** `docker://` in front of the image (a Docker action's `runs.image`). */
  prefix: '' | 'docker://';
  /** The job whose matrix expands `${{ matrix.* }}` in it; none for an action. */
  job: JobRef | undefined;
}

/** Every image a file names: job containers and services, and a Docker action's `runs.image: docker://…`. */
export function imageSites(file: SourceFile): ImageSite[] {
  const out: ImageSite[] = [];
  if (file.kind === 'action') {
    const runs = valueOf(file.doc.contents, 'runs');
    const node = valueOf(runs, 'image');
    const image = stringOf(node);
    if (stringOf(valueOf(runs, 'using')) === 'docker' && node && image?.startsWith('docker://')) {
      out.push({
        what: 'the Docker action',
        node,
        image: image.slice('docker://'.length),
        prefix: 'docker://',
        job: undefined,
      });
    }
    return out;
  }
  for (const job of jobsOf(file)) {
    const add = (what: string, node: Node | null | undefined) => {
      const image = stringOf(node);
      if (node && image) out.push({ what: `job ${job.id} ${what}`, node, image, prefix: '', job });
    };
    add('container', imageNode(valueOf(job.map, 'container')));
    for (const pair of mapOf(valueOf(job.map, 'services'))?.items ?? [])
      add(`service ${keyName(pair) ?? '?'}`, imageNode(pair.value));
  }
  return out;
}

/** `container: image` or `container: {image: …}`, and the same for each service. */
function imageNode(node: Node | null | undefined): Node | null | undefined {
  return mapOf(node) ? valueOf(node, 'image') : node;
}
