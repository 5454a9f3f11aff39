/** Why a container image's digest could not be had; the engine reports the image and leaves it as it is. */
export type ImageFailure = 'not-found' | 'no-access' | 'unavailable' | 'unsupported';

export class ImageResolveError extends Error {
  constructor(
    readonly reason: ImageFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ImageResolveError';
  }
}

/**
 * The engine's way to ask a container registry what an image tag points at, injected like the ActionResolver and
 * optional: without one (offline, or a service that may not reach registries) unpinned images are reported, not
 * pinned. `image` is a reference as a workflow writes it (`node:20`, `ghcr.io/org/app:1.2`, `docker.io/library/x`).
 */
export interface ImageResolver {
  /** The manifest digest (`sha256:<64 hex>`) the tag names now (for a multi-platform image, its index's). */
  digest(image: string): Promise<string>;
}

/** Each distinct image is asked once per run, even while in flight. */
export function memoizeImageResolver(inner: ImageResolver): ImageResolver {
  const seen = new Map<string, Promise<string>>();
  return {
    digest(image) {
      let hit = seen.get(image);
      if (!hit) {
        hit = inner.digest(image);
        seen.set(image, hit);
      }
      return hit;
    },
  };
}

/** A resolver answering from a fixed table (`image` → digest), for tests and offline fixtures; others are not found. */
export function staticImageResolver(table: Readonly<Record<string, string>>): ImageResolver {
  return {
    async digest(image) {
      const digest = table[image];
      if (!digest) throw new ImageResolveError('not-found', `${image} is not in the table`);
      return digest;
    },
  };
}
