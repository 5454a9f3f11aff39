/** The JSON Schema (draft 2020-12) that zod's toJSONSchema writes, as far as Rampart's API uses it. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  [keyword: string]: unknown;
}

export interface NamedSchema {
  name: string;
  schema: JsonSchema;
  /** Name nested schemas that carry a `title` (as the OpenAPI document does) instead of writing them out in place. */
  hoistTitles: boolean;
}

/**
 * TypeScript declarations for JSON Schemas: one exported type per named schema, and with `hoistTitles` one per
 * titled sub-schema, shared where two schemas contain the same one. Validation-only keywords (lengths, patterns,
 * formats) have no type and are left out.
 */
export function jsonSchemaToTs(
  schemas: readonly NamedSchema[],
  options: { rename?: Record<string, string> } = {},
): string {
  const nameOf = (title: string) => options.rename?.[title] ?? title;
  const declared = new Map<string, { schema: JsonSchema; text: string }>();
  const order: string[] = [];

  const declare = (name: string, schema: JsonSchema, hoist: boolean): void => {
    const previous = declared.get(name);
    if (previous) {
      if (JSON.stringify(previous.schema) !== JSON.stringify(schema))
        throw new Error(`two different schemas are both named ${name}`);
      return;
    }
    declared.set(name, { schema, text: '' });
    const body = typeOf(schema, '', hoist, true);
    const doc = docComment(schema.description, '');
    // A mapped type (enum keys) cannot be an interface.
    const isInterface = body.startsWith('{') && !/^\{\n\s*\[key in /.test(body);
    declared.set(name, {
      schema,
      text: `${doc}export ${isInterface ? `interface ${name} ${body}` : `type ${name} = ${body};`}\n`,
    });
    order.push(name);
  };

  const typeOf = (schema: JsonSchema, indent: string, hoist: boolean, top = false): string => {
    if (!top && hoist && schema.title) {
      declare(nameOf(schema.title), schema, hoist);
      return nameOf(schema.title);
    }
    if (schema.$ref !== undefined)
      throw new Error(`$ref ${schema.$ref} is not supported: let zod write the schema out in place`);
    if ('const' in schema) return literal(schema.const);
    if (schema.enum) return schema.enum.map(literal).join(' | ');
    if (schema.anyOf ?? schema.oneOf)
      return union((schema.anyOf ?? schema.oneOf)!.map((s) => typeOf(s, indent, hoist)));
    if (schema.allOf) return schema.allOf.map((s) => parenthesised(typeOf(s, indent, hoist))).join(' & ');
    if (Array.isArray(schema.type)) return union(schema.type.map((type) => typeOf({ ...schema, type }, indent, hoist)));
    switch (schema.type) {
      case 'string':
        return 'string';
      case 'number':
      case 'integer':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        if (schema.prefixItems) return `[${schema.prefixItems.map((s) => typeOf(s, indent, hoist)).join(', ')}]`;
        return schema.items ? `${parenthesised(typeOf(schema.items, indent, hoist))}[]` : 'unknown[]';
      case 'object':
        return objectType(schema, indent, hoist);
      case undefined:
        return 'unknown';
      default:
        throw new Error(`JSON Schema type ${schema.type} is not supported`);
    }
  };

  const objectType = (schema: JsonSchema, indent: string, hoist: boolean): string => {
    const inner = `${indent}  `;
    const required = new Set(schema.required ?? []);
    const members = Object.entries(schema.properties ?? {}).map(
      ([key, property]) =>
        `${docComment(property.description, inner)}${inner}${propertyKey(key)}${required.has(key) ? '' : '?'}: ${typeOf(property, inner, hoist)};\n`,
    );
    const extra = schema.additionalProperties;
    if (typeof extra === 'object') {
      const value = typeOf(extra, inner, hoist);
      // Keys from an enum: JSON Schema cannot say whether each must be present, so each may be absent.
      const keys = schema.propertyNames?.enum;
      members.push(
        keys ? `${inner}[key in ${keys.map(literal).join(' | ')}]?: ${value};\n` : `${inner}[key: string]: ${value};\n`,
      );
      if (keys && members.length > 1) throw new Error('an object with both properties and enum keys is not supported');
    } else if (extra !== false && members.length === 0) {
      return 'Record<string, unknown>';
    }
    return members.length === 0 ? 'Record<string, never>' : `{\n${members.join('')}${indent}}`;
  };

  for (const { name, schema, hoistTitles } of schemas) declare(name, schema, hoistTitles);
  return order.map((name) => declared.get(name)!.text).join('\n');
}

function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  throw new Error(`literal ${JSON.stringify(value)} is not supported`);
}

/** Literals that a wider member already covers are dropped (`'none' | string` is `string`). */
function union(members: string[]): string {
  const unique = [...new Set(members)];
  const covered = (m: string) =>
    (unique.includes('string') && m.startsWith("'")) || (unique.includes('number') && /^-?\d/.test(m));
  return unique.filter((m) => !covered(m)).join(' | ');
}

/** Wrapped in parentheses when a union or intersection is not nested inside braces or brackets. */
function parenthesised(type: string): string {
  let depth = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
    else if (c === "'") i = closingQuote(type, i);
    else if (depth === 0 && (c === '|' || c === '&')) return `(${type})`;
  }
  return type;
}

/** The index of the quote that closes the string literal opened at `open`. */
function closingQuote(type: string, open: number): number {
  let i = open + 1;
  while (i < type.length && type[i] !== "'") i += type[i] === '\\' ? 2 : 1;
  return i;
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : literal(key);
}

function docComment(description: string | undefined, indent: string): string {
  return description ? `${indent}/** ${description.replace(/\*\//g, '*\u200b/').replace(/\s*\n\s*/g, ' ')} */\n` : '';
}
