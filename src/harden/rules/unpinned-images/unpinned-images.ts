import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { editableScalar } from '../../model/uses-sites.js';
import { fileRule, type FileContext, type FileRuleResult, type RuleEdit } from '../../rule.js';
import { ImageResolveError, type ImageResolver } from '../../resolver/image-resolver.js';
import type { SourceFile } from '../../types.js';
import { locate, type Path } from '../../yaml/ast.js';
import { imageSites } from './image-sites.js';
import { expandImage } from './matrix-images.js';

const PINNED = /@sha256:[0-9a-f]{64}$/;

export const unpinnedImages = fileRule({
  id: 'unpinned-images',
  kinds: ['workflow', 'action'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'medium',
  confidence: 'high',
  help: "Append the image's digest (`image:tag@sha256:<digest>`, from `docker buildx imagetools inspect image:tag`) so the job runs exactly that image.",
  title: 'Pin container, service and Docker action images to their digest',
  explanation:
    'An image tag, like an action tag, can be moved to new content. Rampart asks the registry what the tag names now ' +
    'and appends its digest (`node:20@sha256:…`) to `container:`, `services:` and Docker action images, and to the ' +
    'matrix values they come from; an image it cannot look up (offline, a private registry, an expression) is reported.',
  async check({ file, images }: FileContext): Promise<FileRuleResult> {
    const out: FileRuleResult = { edits: [], notes: [] };
    const sites = imageSites(file);
    const spans = sites.flatMap((s): [number, number][] => (s.node.range ? [[s.node.range[0], s.node.range[1]]] : []));
    const pinnedValues = new Set<Scalar>();
    for (const site of sites) {
      const expanded = expandImage(file, site.job, site.image, spans);
      if (expanded.kind === 'opaque') {
        out.notes.push({
          ...locate(file, site.node),
          confidence: 'low',
          message: `${site.what} image may be unpinned: ${expanded.reason}`,
        });
        continue;
      }
      if (expanded.kind === 'literal') {
        if (PINNED.test(site.image)) continue;
        const edit = await pin(file, images, site.node, site.prefix, site.image, `${site.what} image ${site.image}`);
        if ('patches' in edit) out.edits.push(edit);
        else out.notes.push(edit);
        continue;
      }
      for (const e of expanded.expansions) {
        if (PINNED.test(e.image)) continue;
        const what = `${site.what} image ${site.image} (${e.via})`;
        if (e.valueNode && !expanded.notPinnable) {
          if (pinnedValues.has(e.valueNode)) continue;
          pinnedValues.add(e.valueNode);
          const edit = await pin(file, images, e.valueNode, '', e.image, what);
          if ('patches' in edit) out.edits.push(edit);
          else out.notes.push(edit);
        } else {
          out.notes.push({
            ...weigh(e.image),
            ...locate(file, site.node),
            message: `${what} ${state(e.image)}; pin it as ${e.image}@sha256:<digest>${expanded.notPinnable ? ` (not changed: ${expanded.notPinnable})` : ''}`,
          });
        }
      }
    }
    return out;
  },
});

/** The edit appending the digest to `node`, or the note saying why the image stays as it is. */
async function pin(
  file: SourceFile,
  images: ImageResolver | undefined,
  node: Node,
  prefix: string,
  image: string,
  what: string,
): Promise<RuleEdit | ReturnType<typeof note>> {
  const where = locate(file, node);
  const later = `pin it as ${image}@sha256:<digest>`;
  if (!images) return note(where, image, `${what} ${state(image)}; ${later}`);
  if (/@/.test(image)) return note(where, image, `${what} names a digest that is not sha256; ${later}`);
  const scalar = editableScalar(file, node);
  if (typeof scalar === 'string')
    return note(where, image, `${what} ${state(image)}; ${later} (not changed: ${scalar})`);
  let digest: string;
  try {
    digest = await images.digest(image);
  } catch (err) {
    const why =
      err instanceof ImageResolveError ? err.message : `the registry could not be asked (${(err as Error).message})`;
    return note(where, image, `${what} ${state(image)}; ${later} (not changed: ${why})`);
  }
  if (!/^sha256:[0-9a-f]{64}$/.test(digest))
    return note(
      where,
      image,
      `${what} ${state(image)}; ${later} (not changed: the registry answered an unexpected digest)`,
    );
  const end = scalar.body + scalar.scalar.value.length;
  const value = `${scalar.scalar.value}@${digest}`;
  const path = pathOf(file, node);
  if (!path)
    return note(
      where,
      image,
      `${what} ${state(image)}; ${later} (not changed: its place in the document is not known)`,
    );
  return {
    ...where,
    ...weigh(image),
    patches: [{ start: end, end, text: `@${digest}` }],
    ops: [{ kind: 'set', path, value }],
    message: `pinned ${what} to its digest: ${prefix}${image}@${digest}`,
  };
}

function note(where: ReturnType<typeof locate>, image: string, message: string) {
  return { ...where, ...weigh(image), message };
}

/** latest is whatever was pushed last; a named tag at least says what was meant. */
function weigh(image: string): { severity?: 'high' } {
  return tagOf(image) === 'latest' ? { severity: 'high' } : {};
}

function state(image: string): string {
  const tag = tagOf(image);
  return tag === 'latest' ? 'is unpinned (latest), not a digest' : `is on tag ${tag}, not a digest`;
}

function tagOf(image: string): string {
  const name = image.replace(/@.*$/, '');
  return /:[^/]+$/.test(name) ? name.slice(name.lastIndexOf(':') + 1) : 'latest';
}

/** The document path of a scalar, found by walking the parsed document (image names sit a few levels down). */
function pathOf(file: SourceFile, target: Node): Path | undefined {
  const walk = (node: unknown, path: Path): Path | undefined => {
    if (node === target) return path;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof key !== 'string' && typeof key !== 'number') continue;
        const found = walk(pair.value, [...path, String(key)]);
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const found = walk(node.items[i], [...path, i]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(file.doc.contents, []);
}
