/** An image reference split the way Docker reads it: registry host, repository path, tag. */
export interface ImageName {
  /** `docker.io`, `ghcr.io`, `localhost:5000`. */
  registry: string;
  /** `library/node`, `org/app`. */
  repository: string;
  tag: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/**
 * Parses `name[:tag]` as Docker does: the first component is a registry when it holds a `.` or `:` or is
 * `localhost`, else the image is on Docker Hub, where a one-component name lives under `library/`
 * (distribution/reference, normalize.go). Returns undefined for anything else, a digest included.
 */
export function parseImageName(image: string): ImageName | undefined {
  if (image.includes('@') || image.trim() !== image || image === '') return undefined;
  const slash = image.indexOf('/');
  const first = slash === -1 ? '' : image.slice(0, slash);
  const isRegistry = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = isRegistry ? first : 'docker.io';
  let rest = isRegistry ? image.slice(slash + 1) : image;
  let tag = 'latest';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!TAG.test(tag) || !rest.split('/').every((c) => COMPONENT.test(c))) return undefined;
  const repository = registry === 'docker.io' && !rest.includes('/') ? `library/${rest}` : rest;
  return { registry: registry === 'index.docker.io' ? 'docker.io' : registry, repository, tag };
}
