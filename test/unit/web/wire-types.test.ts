import { readFile } from 'node:fs/promises';
import { jsonSchemaToTs, type JsonSchema } from '../../../scripts/json-schema-to-ts.js';
import { formatted, renderWireTypes, WIRE_TYPES_PATH } from '../../../scripts/generate-wire-types.js';

describe("the browser's wire types", () => {
  test('src/web/client/wire-types.ts is what the API schemas generate today', async () => {
    const current = await formatted(await readFile(WIRE_TYPES_PATH, 'utf8'));
    // When this fails, a schema changed: run `npx tsx scripts/generate-wire-types.ts`, then fix what the client's typecheck reports.
    expect(current).toBe(await renderWireTypes());
  }, 30_000);
});

describe('jsonSchemaToTs', () => {
  const one = (schema: JsonSchema, hoistTitles = true) => jsonSchemaToTs([{ name: 'T', schema, hoistTitles }]);

  test('objects: required and optional fields, nullables, descriptions as doc comments', () => {
    const text = one({
      type: 'object',
      description: 'A thing.',
      properties: {
        id: { type: 'string' },
        count: { type: 'integer' },
        note: { type: ['string', 'null'], description: 'Why */ not.' },
        'x-y': { type: 'boolean' },
      },
      required: ['id', 'note'],
      additionalProperties: false,
    });
    expect(text).toBe(
      `/** A thing. */\nexport interface T {\n  id: string;\n  count?: number;\n  /** Why *\u200b/ not. */\n  note: string | null;\n  'x-y'?: boolean;\n}\n`,
    );
  });

  test('unions inside arrays are parenthesised; literals are quoted', () => {
    expect(one({ type: 'array', items: { type: 'string', enum: ['a', "it's"] } })).toBe(
      `export type T = ('a' | 'it\\'s')[];\n`,
    );
    expect(
      one({
        type: 'array',
        items: { anyOf: [{ type: 'object', properties: { a: { const: 1 } }, required: ['a'] }, { type: 'null' }] },
      }),
    ).toBe('export type T = ({\n  a: 1;\n} | null)[];\n');
    expect(one({ anyOf: [{ type: 'array', items: { type: 'string' } }, { const: 'all' }] })).toBe(
      `export type T = string[] | 'all';\n`,
    );
    // A literal that a wider member covers says nothing more.
    expect(one({ anyOf: [{ const: 7 }, { const: 'none' }, { type: 'string' }] })).toBe('export type T = 7 | string;\n');
  });

  test('records: string keys, or enum keys each of which may be absent', () => {
    expect(one({ type: 'object', additionalProperties: { type: 'number' } })).toBe(
      'export interface T {\n  [key: string]: number;\n}\n',
    );
    expect(
      one({ type: 'object', propertyNames: { enum: ['a', 'b'] }, additionalProperties: { type: 'boolean' } }),
    ).toBe(`export type T = {\n  [key in 'a' | 'b']?: boolean;\n};\n`);
    expect(one({ type: 'object' })).toBe('export type T = Record<string, unknown>;\n');
    expect(one({})).toBe('export type T = unknown;\n');
  });

  test('titled sub-schemas become shared named types; two different ones with one title are refused', () => {
    const user: JsonSchema = {
      type: 'object',
      title: 'User',
      properties: { login: { type: 'string' } },
      required: ['login'],
    };
    const text = jsonSchemaToTs([
      { name: 'A', schema: { type: 'object', properties: { owner: user }, required: ['owner'] }, hoistTitles: true },
      { name: 'B', schema: { type: 'array', items: user }, hoistTitles: true },
      { name: 'C', schema: { type: 'object', properties: { inline: user } }, hoistTitles: false },
    ]);
    expect(text).toBe(
      'export interface User {\n  login: string;\n}\n\nexport interface A {\n  owner: User;\n}\n\nexport type B = User[];\n\nexport interface C {\n  inline?: {\n    login: string;\n  };\n}\n',
    );
    const other = { ...user, properties: { id: { type: 'number' } } };
    expect(() =>
      jsonSchemaToTs([
        { name: 'A', schema: { type: 'array', items: user }, hoistTitles: true },
        { name: 'B', schema: { type: 'array', items: other }, hoistTitles: true },
      ]),
    ).toThrow(/two different schemas are both named User/);
  });

  test('what it cannot express is refused rather than guessed', () => {
    expect(() => one({ $ref: '#/$defs/X' })).toThrow(/\$ref/);
    expect(() => one({ type: 'file' })).toThrow(/not supported/);
  });
});
