import { ResolveError } from '../harden/resolver/action-resolver.js';
import { classifyGitHubError } from './classify-github-error.js';
import { UNREACHABLE_HEADER } from './unreachable-api.js';

export function splitRepo(repo: string): [string, string] {
  const [owner, name] = repo.split('/');
  if (!owner || !name) throw new ResolveError('not-found', `${repo} is not owner/repo`);
  return [owner, name];
}

/** A failed request as the engine weighs it: `notFound` is the message for a 404 or 422. */
export function toResolveError(err: unknown, notFound: string): ResolveError {
  if (err instanceof ResolveError) return err;
  const headers = (err as { response?: { headers?: Record<string, unknown> } }).response?.headers;
  if (headers?.[UNREACHABLE_HEADER])
    return new ResolveError('unavailable', classifyGitHubError(err).message, { cause: err });
  const c = classifyGitHubError(err);
  if (c.kind === 'not-found' || c.kind === 'validation') return new ResolveError('not-found', notFound);
  if (c.kind === 'unauthorized' || c.kind === 'forbidden') return new ResolveError('no-access', c.message);
  // The cause stays attached: a job that must not go on without the answer rethrows it for the classifier.
  return new ResolveError('unavailable', c.message, { cause: err });
}
