import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { buildOpenApi } from '../../../src/api/openapi.js';
import { AppError } from '../../../src/errors.js';
import { API_ERROR_CODES, apiErrorSchema } from '../../../src/errors/api-error-codes.js';
import { FAILURE_CODES, repositoryErrorSchema } from '../../../src/errors/failure-codes.js';
import { JobFailure } from '../../../src/errors/job-failure.js';
import { repositoryResultSchema } from '../../../src/store/run-store.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every quoted string of Rampart's own code (the lists themselves left out), to find where each code is produced. */
function quotedInSource(): Set<string> {
  const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'workers'))].filter(
    (f) => !f.includes(`${join('src', 'errors')}/`),
  );
  const quoted = new Set<string>();
  for (const file of files)
    for (const m of readFileSync(file, 'utf8').matchAll(/'([a-z_]+)'/g)) quoted.add(m[1] as string);
  return quoted;
}

describe('the error codes', () => {
  test.each([
    ['API_ERROR_CODES', API_ERROR_CODES],
    ['FAILURE_CODES', FAILURE_CODES],
  ])('%s are snake_case and unique', (_name, codes) => {
    for (const code of codes) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  test('every code of both lists is produced somewhere in src/ or workers/ (no code is listed that nothing says)', () => {
    const quoted = quotedInSource();
    expect([...API_ERROR_CODES, ...FAILURE_CODES].filter((code) => !quoted.has(code))).toEqual([]);
  });

  test('AppError and JobFailure take only listed codes (checked by the type checker)', () => {
    // @ts-expect-error: not an API error code
    const wrong = new AppError(400, 'no_such_code', 'x');
    // @ts-expect-error: a repository failure code in its old kebab-case spelling
    const old = new JobFailure({ code: 'github-unavailable', message: 'x' });
    expect([wrong.code, old.code]).toEqual(['no_such_code', 'github-unavailable']);
    expect(new JobFailure({ code: 'no_credential', message: 'Save a PAT.' })).toMatchObject({
      retryable: false,
      retryAfterSeconds: undefined,
    });
  });

  test("the OpenAPI document's Error schema has exactly API_ERROR_CODES as the code enum", () => {
    const doc = buildOpenApi([], { version: '0', serverUrl: 'http://127.0.0.1' }) as {
      components: { schemas: { Error: any } };
    };
    const code = doc.components.schemas.Error.properties.error.properties.code;
    expect(code.enum).toEqual([...API_ERROR_CODES]);
    expect(apiErrorSchema.safeParse({ error: { code: 'not_found', message: 'm' } }).success).toBe(true);
    expect(apiErrorSchema.safeParse({ error: { code: 'not-found', message: 'm' } }).success).toBe(false);
  });

  test("a repository result's error code is the enum of FAILURE_CODES; a stored kebab-case code reads as its snake_case one", () => {
    const schema = z.toJSONSchema(repositoryResultSchema, { io: 'output', unrepresentable: 'any' }) as any;
    expect(schema.properties.error.properties.code.enum).toEqual([...FAILURE_CODES]);
    expect(repositoryErrorSchema.parse({ code: 'rampart-redis-unavailable', message: 'm' })).toEqual({
      code: 'rampart_redis_unavailable',
      message: 'm',
    });
    expect(repositoryErrorSchema.safeParse({ code: 'something_else', message: 'm' }).success).toBe(false);
  });

  test('docs/error-codes.md describes exactly the codes of both lists, each in its section', () => {
    const doc = readFileSync(join(ROOT, 'docs/error-codes.md'), 'utf8');
    const section = (title: string) => {
      const start = doc.indexOf(`## ${title}`);
      const end = doc.indexOf('\n## ', start + 1);
      return doc.slice(start, end === -1 ? undefined : end);
    };
    const rows = (text: string) => [...text.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows(section('API errors')).sort()).toEqual([...API_ERROR_CODES].sort());
    expect(rows(section('Repository results')).sort()).toEqual([...FAILURE_CODES].sort());
  });
});
