import { GitHubGraphQLError } from '../graphql-errors.js';
import { plainFields, type TypeResolvers } from '../nodes.js';

/** One page of a connection: `all` items, of which `start`..`end` are returned. */
export interface ConnectionNode<T> {
  all: readonly T[];
  start: number;
  end: number;
}

interface EdgeNode<T> {
  node: T;
  cursor: string;
}

interface PageInfoNode {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

const MAX_PAGE = 100;

// [I] GitHub's cursors are opaque base64 (`Y3Vyc29yOnYyOpHOA…`); ours encode the item's index.
function cursorOf(index: number): string {
  return Buffer.from(`cursor:${index + 1}`).toString('base64');
}

function indexOf(cursor: string): number {
  const m = /^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!m?.[1])
    throw new GitHubGraphQLError('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(m[1]) - 1;
}

function pageSize(args: Record<string, unknown>, name: 'first' | 'last', field: string): number | null {
  const v = args[name];
  if (typeof v !== 'number') return null;
  if (v > MAX_PAGE) {
    throw new GitHubGraphQLError(
      'EXCESSIVE_PAGINATION',
      `Requesting ${v} records on the \`${field}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE} records.`,
    );
  }
  return Math.max(0, v);
}

/**
 * Slices `items` the way GitHub's connections do, with its node-limit rules: `first` or `last`
 * is required, and at most 100 (docs: "Rate limits and query limits for the GraphQL API").
 */
export function connection<T>(items: readonly T[], args: Record<string, unknown>, field: string): ConnectionNode<T> {
  const first = pageSize(args, 'first', field);
  const last = pageSize(args, 'last', field);
  if (first === null && last === null) {
    throw new GitHubGraphQLError(
      'MISSING_PAGINATION_BOUNDARIES',
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
    );
  }
  let start = typeof args.after === 'string' ? indexOf(args.after) + 1 : 0;
  let end = typeof args.before === 'string' ? indexOf(args.before) : items.length;
  start = Math.min(Math.max(0, start), items.length);
  end = Math.max(start, Math.min(end, items.length));
  if (first !== null) end = Math.min(end, start + first);
  if (last !== null) start = Math.max(start, end - last);
  return { all: items, start, end };
}

function edges<T>(c: ConnectionNode<T>): Array<EdgeNode<T>> {
  return c.all.slice(c.start, c.end).map((node, i) => ({ node, cursor: cursorOf(c.start + i) }));
}

/** Resolvers of every `…Connection` type the emulator serves. */
export const connectionResolvers: TypeResolvers<ConnectionNode<unknown>> = {
  nodes: (c) => c.all.slice(c.start, c.end),
  edges: (c) => edges(c),
  totalCount: (c) => c.all.length,
  pageInfo: (c): PageInfoNode => ({
    hasNextPage: c.end < c.all.length,
    hasPreviousPage: c.start > 0,
    startCursor: c.end > c.start ? cursorOf(c.start) : null,
    endCursor: c.end > c.start ? cursorOf(c.end - 1) : null,
  }),
};

export const edgeResolvers = plainFields<EdgeNode<unknown>>('node', 'cursor');
export const pageInfoResolvers = plainFields<PageInfoNode>(
  'hasNextPage',
  'hasPreviousPage',
  'startCursor',
  'endCursor',
);
