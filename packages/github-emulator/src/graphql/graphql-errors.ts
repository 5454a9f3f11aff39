import type { GraphQLError } from 'graphql';
import type { Quirks } from '../context.js';
import type { Actor } from '../model.js';

export const GRAPHQL_DOCS = 'https://docs.github.com/graphql';
export const GRAPHQL_AUTH_DOCS =
  'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql';

/** A GraphQL error as GitHub prints it: `type` beside `path`, `locations` and `message`. */
export interface GitHubErrorJson {
  type?: string;
  code?: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  message: string;
}

/**
 * Thrown by resolvers for the errors GitHub types: `NOT_FOUND`, `FORBIDDEN`,
 * `MISSING_PAGINATION_BOUNDARIES`, `EXCESSIVE_PAGINATION`, and the emulator's own `EMULATOR_UNIMPLEMENTED`.
 */
export class GitHubGraphQLError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly extensions: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

/**
 * A field of GitHub's schema the emulator has no resolver for. It fails loudly rather than answering
 * null, so a test never passes on data GitHub would have sent and the emulator did not.
 */
export function unimplemented(what: string): GitHubGraphQLError {
  return new GitHubGraphQLError(
    'EMULATOR_UNIMPLEMENTED',
    `The GitHub emulator does not implement ${what}. Add a resolver in packages/github-emulator/src/graphql/ if Rampart needs it.`,
  );
}

function locationsOf(err: GraphQLError): GitHubErrorJson['locations'] {
  return err.locations?.map(({ line, column }) => ({ line, column }));
}

/** An error raised while executing (resolvers, null bubbling): GitHub's shape, or its opaque 500-style message for emulator bugs. */
export function executionErrorJson(err: GraphQLError, requestId: string): GitHubErrorJson {
  const original = err.originalError;
  const located = {
    ...(err.path ? { path: err.path } : {}),
    ...(err.locations ? { locations: locationsOf(err) } : {}),
  };
  if (original instanceof GitHubGraphQLError) {
    return {
      type: original.type,
      ...located,
      ...(original.extensions ? { extensions: original.extensions } : {}),
      message: original.message,
    };
  }
  if (original) {
    // A resolver crashed or returned what the schema forbids: an emulator bug. GitHub answers its own
    // failures with this sentence (clients retry it), so the client sees that and the log says why.
    console.error(`[github-emulator] GraphQL field ${err.path?.join('.') ?? '?'} failed:`, original);
    return {
      ...located,
      message: `Something went wrong while executing your query. Please include \`${requestId}\` when reporting this issue.`,
    };
  }
  return { ...located, message: err.message };
}

/** The answer when the GraphQL points budget is spent: HTTP 200 with one typed error (docs: "the response status will still be 200"). */
export function rateLimitedBody(actor: Actor, quirks: Quirks): { errors: GitHubErrorJson[] } {
  const latest = quirks.graphqlRateLimitType === 'RATE_LIMIT';
  const who =
    actor.kind === 'installation'
      ? `installation ID ${actor.installation.id}`
      : 'user' in actor
        ? `user ID ${actor.user.id}`
        : `app ID ${actor.kind === 'app' ? actor.app.id : 0}`;
  const message = `API rate limit ${latest ? 'already ' : ''}exceeded for ${who}.`;
  return {
    errors: [latest ? { type: 'RATE_LIMIT', code: 'graphql_rate_limit', message } : { type: 'RATE_LIMITED', message }],
  };
}
