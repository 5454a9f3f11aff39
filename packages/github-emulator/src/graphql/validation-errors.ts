import {
  FieldsOnCorrectTypeRule,
  Kind,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  KnownFragmentNamesRule,
  KnownTypeNamesRule,
  NoUndefinedVariablesRule,
  NoUnusedFragmentsRule,
  NoUnusedVariablesRule,
  PossibleFragmentSpreadsRule,
  ProvidedRequiredArgumentsRule,
  ScalarLeafsRule,
  ValuesOfCorrectTypeRule,
  VariablesInAllowedPositionRule,
  specifiedRules,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { GitHubErrorJson } from './graphql-errors.js';

/**
 * GitHub runs graphql-ruby, so a query that graphql-js rejects is answered in graphql-ruby's words:
 * `{"errors":[{"path","extensions":{"code",…},"locations","message"}]}` with HTTP 200, no `data`.
 * Observed for an unknown field (a live test in the ghgql project): message "Field 'x' doesn't exist
 * on type 'Y'", code `undefinedField`, path `["query", "viewer", "x"]`. [I] The other messages and
 * codes follow graphql-ruby's static validation; rules without a translation keep graphql-js's message.
 */

type Shape = { message: string; extensions: Record<string, unknown> };
type Translate = (m: RegExpExecArray, path: string[]) => Shape;

const quoted = (s: string | undefined) => s ?? '';
/** graphql-ruby names an operation by its name ("anonymous query" without one); `label` is a path label like "query Name". */
const operationName = (label: string | undefined) =>
  label?.includes(' ') ? label.slice(label.indexOf(' ') + 1) : `anonymous ${label ?? 'query'}`;

/** Per rule: a pattern over graphql-js's message and graphql-ruby's wording for it. */
const TRANSLATIONS = new Map<ValidationRule, Array<[RegExp, Translate]>>([
  [
    FieldsOnCorrectTypeRule,
    [
      [
        /^Cannot query field "(.+?)" on type "(.+?)"/,
        (m) => ({
          message: `Field '${quoted(m[1])}' doesn't exist on type '${quoted(m[2])}'`,
          extensions: { code: 'undefinedField', typeName: m[2], fieldName: m[1] },
        }),
      ],
    ],
  ],
  [
    KnownArgumentNamesRule,
    [
      [
        /^Unknown argument "(.+?)" on field "(?:.+?)\.(.+?)"/,
        (m) => ({
          message: `Field '${quoted(m[2])}' doesn't accept argument '${quoted(m[1])}'`,
          extensions: { code: 'argumentNotAccepted', name: m[2], typeName: 'Field', argumentName: m[1] },
        }),
      ],
      [
        /^Unknown argument "(.+?)" on directive "@(.+?)"/,
        (m) => ({
          message: `Directive '${quoted(m[2])}' doesn't accept argument '${quoted(m[1])}'`,
          extensions: { code: 'argumentNotAccepted', name: m[2], typeName: 'Directive', argumentName: m[1] },
        }),
      ],
    ],
  ],
  [
    ProvidedRequiredArgumentsRule,
    [
      [
        /^(Field|Directive) "@?(.+?)" argument "(.+?)"/,
        (m) => ({
          message: `${quoted(m[1])} '${quoted(m[2])}' is missing required arguments: ${quoted(m[3])}`,
          extensions: { code: 'missingRequiredArguments', className: m[1], name: m[2], arguments: m[3] },
        }),
      ],
    ],
  ],
  [
    ScalarLeafsRule,
    [
      [
        /^Field "(.+?)" of type "(.+?)" must have a selection/,
        (m) => ({
          message: `Field must have selections (field '${quoted(m[1])}' returns ${quoted(m[2])} but has no selections. Did you mean '${quoted(m[1])} { ... }'?)`,
          extensions: { code: 'selectionMismatch', nodeName: `field '${quoted(m[1])}'`, typeName: m[2] },
        }),
      ],
      [
        /^Field "(.+?)" must not have a selection since type "(.+?)"/,
        (m) => ({
          message: `Selections can't be made on scalars (field '${quoted(m[1])}' returns ${quoted(m[2])} but has selections)`,
          extensions: { code: 'selectionMismatch', nodeName: `field '${quoted(m[1])}'`, typeName: m[2] },
        }),
      ],
    ],
  ],
  [
    KnownTypeNamesRule,
    [
      [
        /^Unknown type "(.+?)"/,
        (m) => ({
          message: `No such type ${quoted(m[1])}, so it can't be a fragment condition`,
          extensions: { code: 'undefinedType', typeName: m[1] },
        }),
      ],
    ],
  ],
  [
    NoUndefinedVariablesRule,
    [
      [
        /^Variable "\$(.+?)" is not defined/,
        (m, p) => ({
          message: `Variable $${quoted(m[1])} is used by ${operationName(p[0])} but not declared`,
          extensions: { code: 'variableNotDefined', variableName: m[1] },
        }),
      ],
    ],
  ],
  [
    NoUnusedVariablesRule,
    [
      [
        /^Variable "\$(.+?)" is never used/,
        (m, p) => ({
          message: `Variable $${quoted(m[1])} is declared by ${operationName(p[0])} but not used`,
          extensions: { code: 'variableNotUsed', variableName: m[1] },
        }),
      ],
    ],
  ],
  [
    VariablesInAllowedPositionRule,
    [
      [
        /^Variable "\$(.+?)" of type "(.+?)" used in position expecting type "(.+?)"/,
        (m, p) => {
          const nullability = `${quoted(m[2])}!` === m[3];
          const kind = nullability ? 'Nullability mismatch' : 'Type mismatch';
          const argument = p[p.length - 1] ?? '';
          return {
            message: `${kind} on variable $${quoted(m[1])} and argument ${argument} (${quoted(m[2])} / ${quoted(m[3])})`,
            extensions: {
              code: 'variableMismatch',
              variableName: m[1],
              typeName: m[2],
              argumentName: argument,
              errorMessage: kind,
            },
          };
        },
      ],
    ],
  ],
  [
    ValuesOfCorrectTypeRule,
    [
      [
        /^Expected value of type "(.+?)", found (.+?)(?:;|\.$)/,
        (m, p) => {
          const argument = p[p.length - 1] ?? '';
          const field = p[p.length - 2] ?? '';
          return {
            message: `Argument '${argument}' on Field '${field}' has an invalid value (${quoted(m[2])}). Expected type '${quoted(m[1])}'.`,
            extensions: { code: 'argumentLiteralsIncompatible', typeName: 'Field', argumentName: argument },
          };
        },
      ],
    ],
  ],
  [
    PossibleFragmentSpreadsRule,
    [
      [
        /objects of type "(.+?)" can never be of type "(.+?)"/,
        (m) => ({
          message: `Fragment on ${quoted(m[2])} can't be spread inside ${quoted(m[1])}`,
          extensions: { code: 'fragmentSpreadTypeMismatch', spreadType: m[2], parentType: m[1] },
        }),
      ],
    ],
  ],
  [
    KnownFragmentNamesRule,
    [
      [
        /^Unknown fragment "(.+?)"/,
        (m) => ({
          message: `Fragment ${quoted(m[1])} was used, but not defined`,
          extensions: { code: 'useAndDefineFragment', fragmentName: m[1] },
        }),
      ],
    ],
  ],
  [
    NoUnusedFragmentsRule,
    [
      [
        /^Fragment "(.+?)" is never used/,
        (m) => ({
          message: `Fragment ${quoted(m[1])} was defined, but not used`,
          extensions: { code: 'useAndDefineFragment', fragmentName: m[1] },
        }),
      ],
    ],
  ],
  [
    KnownDirectivesRule,
    [
      [
        /^Unknown directive "@(.+?)"/,
        (m) => ({
          message: `Directive @${quoted(m[1])} is not defined`,
          extensions: { code: 'undefinedDirective', directiveName: m[1] },
        }),
      ],
    ],
  ],
]);

// graphql-ruby's path labels (GraphQL::Analysis::Visitor): "query Name", field alias or name, argument name, "... on Type".
function labelOf(node: ASTNode): string | null {
  switch (node.kind) {
    case Kind.OPERATION_DEFINITION:
      return node.name ? `${node.operation} ${node.name.value}` : node.operation;
    case Kind.FRAGMENT_DEFINITION:
      return `fragment ${node.name.value}`;
    case Kind.FIELD:
      return node.alias?.value ?? node.name.value;
    case Kind.INLINE_FRAGMENT:
      return node.typeCondition ? `... on ${node.typeCondition.name.value}` : '...';
    case Kind.FRAGMENT_SPREAD:
      return `... ${node.name.value}`;
    case Kind.ARGUMENT:
      return node.name.value;
    default:
      return null;
  }
}

/** The graphql-ruby path of every node of the document. */
function nodePaths(document: DocumentNode): Map<ASTNode, string[]> {
  const paths = new Map<ASTNode, string[]>();
  const stack: string[] = [];
  const pushed: boolean[] = [];
  visit(document, {
    enter(node) {
      const label = labelOf(node);
      if (label !== null) stack.push(label);
      pushed.push(label !== null);
      paths.set(node, [...stack]);
    },
    leave() {
      if (pushed.pop()) stack.pop();
    },
  });
  return paths;
}

function shape(rule: ValidationRule, err: GraphQLError, paths: Map<ASTNode, string[]>): GitHubErrorJson {
  const node = err.nodes?.[err.nodes.length - 1];
  const path = (node && paths.get(node)) ?? [];
  const locations = err.locations?.map(({ line, column }) => ({ line, column }));
  for (const [pattern, translate] of TRANSLATIONS.get(rule) ?? []) {
    const m = pattern.exec(err.message);
    if (m) {
      const { message, extensions } = translate(m, path);
      return { path, extensions, ...(locations ? { locations } : {}), message };
    }
  }
  const code = rule.name.replace(/Rule$/, '').replace(/^./, (c) => c.toLowerCase());
  return { path, extensions: { code }, ...(locations ? { locations } : {}), message: err.message };
}

/** Validates against GitHub's schema; errors in GitHub's shape, empty when the query is valid. */
export function validationErrors(schema: GraphQLSchema, document: DocumentNode): GitHubErrorJson[] {
  let paths: Map<ASTNode, string[]> | null = null;
  const out: GitHubErrorJson[] = [];
  // One rule at a time, so each error is known by the rule that raised it.
  for (const rule of specifiedRules) {
    for (const err of validate(schema, document, [rule])) out.push(shape(rule, err, (paths ??= nodePaths(document))));
  }
  return out;
}
