import { GraphQLError, execute, parse, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { executionErrorJson, type GitHubErrorJson } from './graphql-errors.js';
import type { RequestScope } from './nodes.js';
import { fieldResolver, typeResolver } from './resolver-table.js';
import { validationErrors } from './validation-errors.js';

export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

interface Checked {
  document: DocumentNode | null;
  errors: GitHubErrorJson[];
}

// Parsing and validating depend only on the text (the schema is fixed), and workers send the same
// few queries again and again: remember the verdicts, bounded, for every emulator in the process.
const checked = new Map<string, Checked>();
const CHECKED_MAX = 200;

const PUNCTUATORS: Record<string, string> = {
  '{': 'LCURLY',
  '}': 'RCURLY',
  '(': 'LPAREN',
  ')': 'RPAREN',
  '[': 'LBRACKET',
  ']': 'RBRACKET',
  ':': 'COLON',
  '=': 'EQUALS',
  $: 'VAR_SIGN',
  '!': 'BANG',
  '@': 'DIR_SIGN',
  '...': 'ELLIPSIS',
  '|': 'PIPE',
  '&': 'AMP',
};
const TOKEN_KINDS: Record<string, string> = {
  Name: 'IDENTIFIER',
  Int: 'INT',
  Float: 'FLOAT',
  String: 'STRING',
  BlockString: 'STRING',
};
const KEYWORDS = new Set(['query', 'mutation', 'subscription', 'fragment', 'on', 'true', 'false', 'null']);

/**
 * A syntax error in graphql-ruby's words, as GitHub answers it (observed live by the ghgql project):
 * `Parse error on "foo" (IDENTIFIER) at [1, 1]`, with `locations` and nothing else.
 */
function parseErrorJson(err: GraphQLError): GitHubErrorJson {
  const { line, column } = err.locations?.[0] ?? { line: 1, column: 1 };
  const locations = [{ line, column }];
  if (err.message.includes('<EOF>')) return { locations, message: 'Unexpected end of document' };
  const m = /(?:Unexpected|found) (?:(Name|Int|Float|String|BlockString) )?"(.*)"\.$/.exec(err.message);
  const text = m?.[2];
  if (text === undefined) return { locations, message: err.message.replace(/^Syntax Error: /, 'Parse error: ') };
  const kind =
    m?.[1] === 'Name' && KEYWORDS.has(text) ? text.toUpperCase() : m?.[1] ? TOKEN_KINDS[m[1]] : PUNCTUATORS[text];
  return { locations, message: `Parse error on "${text}" (${kind ?? 'UNKNOWN'}) at [${line}, ${column}]` };
}

function check(schema: GraphQLSchema, query: string): Checked {
  const known = checked.get(query);
  if (known) return known;
  let verdict: Checked;
  try {
    const document = parse(query);
    const errors = validationErrors(schema, document);
    verdict = { document: errors.length === 0 ? document : null, errors };
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    verdict = { document: null, errors: [parseErrorJson(err)] };
  }
  if (checked.size >= CHECKED_MAX) checked.delete(checked.keys().next().value as string);
  checked.set(query, verdict);
  return verdict;
}

/**
 * Errors raised before execution starts (variable values, operation choice), in graphql-ruby's
 * words: `Variable $owner of type String! was provided invalid value`, with the value and the problem.
 */
function requestErrorJson(err: GraphQLError, variables: Record<string, unknown>): GitHubErrorJson {
  const locations = err.locations?.map(({ line, column }) => ({ line, column }));
  const variable =
    /^Variable "\$(.+?)" (?:of (?:required|non-null) type "(.+?)" (was not provided|must not be null)|got invalid value .*?; (.*))/.exec(
      err.message,
    );
  if (variable) {
    const [, name = '', declared, missing, reason] = variable;
    const definition = err.nodes?.[0];
    const type = declared ?? (definition && 'type' in definition && definition.type ? print(definition.type) : '?');
    const explanation = missing ? 'Expected value to not be null' : (reason ?? err.message);
    return {
      ...(locations ? { locations } : {}),
      extensions: { value: variables[name] ?? null, problems: [{ path: [], explanation }] },
      message: `Variable $${name} of type ${type} was provided invalid value`,
    };
  }
  if (/^Must provide operation name/.test(err.message)) return { message: 'An operation name is required' };
  const unknown = /^Unknown operation named "(.+?)"/.exec(err.message);
  if (unknown) return { message: `No operation named "${unknown[1] ?? ''}"` };
  return { ...(locations ? { locations } : {}), message: err.message };
}

/**
 * Parses, validates and executes one request against GitHub's schema. Always HTTP 200, as on GitHub:
 * `{errors}` for a query that cannot run, `{data, errors?}` for one that ran.
 */
export async function executeQuery(
  schema: GraphQLSchema,
  request: GraphQLRequest,
  scope: RequestScope,
): Promise<Record<string, unknown>> {
  const { document, errors } = check(schema, request.query);
  if (!document) return { errors };
  const result = await execute({
    schema,
    document,
    variableValues: request.variables,
    operationName: request.operationName,
    contextValue: scope,
    fieldResolver,
    typeResolver,
  });
  if (result.data === undefined)
    return { errors: (result.errors ?? []).map((e) => requestErrorJson(e, request.variables)) };
  const body: Record<string, unknown> = { data: result.data };
  if (result.errors?.length) body.errors = result.errors.map((e) => executionErrorJson(e, scope.requestId));
  return body;
}
