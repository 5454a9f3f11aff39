import { ResolveError, type ActionResolver } from '../harden/resolver/action-resolver.js';

/**
 * `rampart harden --offline`: answers every call without the network, so pins are reported unresolved. It has no
 * `actionMetadata`, which keeps actions the knowledge base lacks unknown rather than guessed, and none of the other
 * optional look-ups (advisories, repository facts, a pin's placement, branch names): the rules that need them stay
 * silent rather than report a failure per `uses:`.
 */
export function offlineActionResolver(): ActionResolver {
  return {
    resolve: async (repo, ref) => {
      throw new ResolveError('unavailable', `offline: ${repo}@${ref} was not resolved`);
    },
    tagFor: async (repo, sha) => {
      throw new ResolveError('unavailable', `offline: the tag of ${repo}@${sha} was not looked up`);
    },
  };
}
