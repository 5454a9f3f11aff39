import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { runFullFlow } from './support/full-flow.js';
import { startHarness, type Harness } from './support/harness.js';

type Json = Record<string, any>;
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (
  ajv: Ajv2020,
) => Ajv2020;

let h: Harness;
let doc: Json;

beforeAll(async () => {
  h = await startHarness();
  doc = (await h.request('GET', '/api/v1/openapi.json')).json;
});
afterAll(async () => h?.close());

/** `METHOD /path/{param}` for every route express serves. */
function expressRoutes(): string[] {
  const stack = (
    h.app as unknown as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }
  ).router.stack;
  return stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map(
          (m) => `${m.toUpperCase()} ${layer.route?.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`,
        )
      : [],
  );
}

function documentedRoutes(): string[] {
  return Object.entries(doc.paths as Json).flatMap(([path, ops]) =>
    Object.keys(ops as Json).map((m) => `${m.toUpperCase()} ${path}`),
  );
}

function operationFor(method: string, concretePath: string): { key: string; op: Json } | undefined {
  const path = concretePath.split('?')[0] ?? '';
  for (const [template, ops] of Object.entries(doc.paths as Json)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const op = (ops as Json)[method.toLowerCase()];
    if (pattern.test(path) && op) return { key: `${method} ${template}`, op };
  }
  return undefined;
}

describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1 with unique operation ids and a declared scope wherever a token needs one', () => {
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.values(doc.paths as Json).flatMap((o) => Object.values(o as Json)) as Json[];
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of ops) {
      const bearer = (op.security as Json[]).find((s) => 'bearerToken' in s);
      if (bearer && op['x-required-scope']) expect(bearer.bearerToken).toEqual([op['x-required-scope']]);
    }
  });

  test('lists exactly the routes express serves', () => {
    expect(documentedRoutes().sort()).toEqual(expressRoutes().sort());
    expect(documentedRoutes().length).toBeGreaterThanOrEqual(17);
  });

  test('every answer of the full flow is documented, and its body matches the documented schema', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'openapi', components: doc.components }, 'openapi');
    const fix = (schema: unknown): unknown =>
      JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/'));
    const start = h.exchanges.length;
    await runFullFlow(h);
    const exercised = new Set<string>();
    const problems: string[] = [];
    for (const ex of h.exchanges.slice(start)) {
      const found = operationFor(ex.method, ex.path);
      if (!found) {
        // Only the deliberate unknown-route probe may miss the document, and it answers 404 JSON.
        if (!(ex.status === 404 && (ex.json as Json | undefined)?.error?.code === 'not_found'))
          problems.push(`${ex.method} ${ex.path}: not in the document`);
        continue;
      }
      exercised.add(found.key);
      const response = (found.op.responses as Json)[String(ex.status)];
      if (!response) {
        problems.push(`${found.key}: answered ${ex.status}, which is not documented`);
        continue;
      }
      const schema = response.content?.['application/json']?.schema;
      if (!schema) {
        if (ex.json !== undefined) problems.push(`${found.key} ${ex.status}: a JSON body where none is documented`);
        continue;
      }
      const validate = ajv.compile(fix(schema) as object);
      if (!validate(ex.json)) problems.push(`${found.key} ${ex.status}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(problems).toEqual([]);
    expect([...exercised].sort()).toEqual(documentedRoutes().sort());
    // The check has teeth: a wrong body fails the same validation.
    const patSchema = fix(
      doc.paths['/api/v1/me/github-pat'].get.responses['200'].content['application/json'].schema,
    ) as object;
    expect(ajv.validate(patSchema, { name: 'x', kind: 'classic' })).toBe(false);
    expect(ajv.validate(fix(doc.components.schemas.Error) as object, { error: 'nope' })).toBe(false);
  });
});
