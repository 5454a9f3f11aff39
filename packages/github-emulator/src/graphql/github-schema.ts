import { buildClientSchema, parse, validate, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

let building: Promise<GraphQLSchema> | null = null;

/**
 * GitHub's published GraphQL schema (`@octokit/graphql-schema`), built on first use and then shared
 * by every emulator in the process: a GraphQLSchema is immutable, and resolvers are passed to
 * `execute` rather than attached to it. Built from the introspection JSON, which takes about a third
 * of the time the SDL does (and the SDL repeats a field, so it only builds with `assumeValidSDL`).
 */
export function githubSchema(): Promise<GraphQLSchema> {
  building ??= import('@octokit/graphql-schema').then(({ schema }) =>
    buildClientSchema(schema.json as IntrospectionQuery),
  );
  return building;
}

/** What GitHub's schema says is wrong with `query` (nothing when it is valid), so a client can check its own queries. */
export async function schemaErrors(query: string): Promise<string[]> {
  return validate(await githubSchema(), parse(query)).map((e) => e.message);
}
