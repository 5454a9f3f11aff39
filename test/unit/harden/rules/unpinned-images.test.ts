import { staticImageResolver } from '../../../../src/harden/resolver/image-resolver.js';
import { unpinnedImages } from '../../../../src/harden/rules/unpinned-images/unpinned-images.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const rules = [unpinnedImages];
const D = { a: `sha256:${'a'.repeat(64)}`, b: `sha256:${'b'.repeat(64)}`, c: `sha256:${'c'.repeat(64)}` };
const registry = staticImageResolver({
  'node:20': D.a,
  postgres: D.b,
  'node:18': D.b,
  'ghcr.io/org/tool:1': D.c,
  'redis:7': D.c,
});

describe('unpinned-images: without a registry (offline)', () => {
  test('container and service images without a digest; latest weighs more than a named tag', async () => {
    const digest = 'a'.repeat(64);
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    container: node:20',
      '    services:',
      '      db:',
      '        image: postgres',
      '      cache:',
      `        image: redis:7@sha256:${digest}`,
      '    steps: [{run: make}]',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    container:',
      '      image: ${{ inputs.image }}',
      '    steps: [{run: make}]',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings.map((f) => [f.line, f.column, f.severity, f.confidence, f.message])).toEqual([
      [5, 16, 'medium', 'high', expect.stringContaining('container image node:20 is on tag 20')],
      [8, 16, 'high', 'high', expect.stringContaining('service db image postgres is unpinned (latest)')],
      [
        15,
        14,
        'medium',
        'low',
        expect.stringContaining(
          'job b container image may be unpinned: ${{ inputs.image }} is computed by an expression',
        ),
      ],
    ]);
  });

  test('zizmor:ignore[unpinned-images] on the line silences it', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    container: node:20 # zizmor: ignore[unpinned-images]',
      '    steps: [{run: make}]',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.file(WF).findings).toEqual([]);
    expect(r.file(WF).suppressed).toEqual({ 'unpinned-images': 1 });
  });
});

describe('unpinned-images: pinning through the image resolver', () => {
  test('appends the digest in place: plain, quoted, flow style, CRLF, comments kept', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    container: node:20 # the runtime',
      '    services:',
      "      db: {image: 'postgres'}",
      '      tool:',
      '        image: "ghcr.io/org/tool:1"',
      '    steps: [{run: make}]',
    ).replace(/\n/g, '\r\n');
    const r = await runHarden({ [WF]: src }, { rules, imageResolver: registry });
    expect(r.files[WF]).toBe(
      src
        .replace('node:20 #', `node:20@${D.a} #`)
        .replace("'postgres'", `'postgres@${D.b}'`)
        .replace('"ghcr.io/org/tool:1"', `"ghcr.io/org/tool:1@${D.c}"`),
    );
    expect(r.file(WF).findings.map((f) => [f.line, f.fixed, f.severity, f.message])).toEqual([
      [5, true, 'medium', `pinned job a container image node:20 to its digest: node:20@${D.a}`],
      [7, true, 'high', expect.stringContaining('pinned job a service db image postgres')],
      [9, true, 'medium', expect.stringContaining('ghcr.io/org/tool:1@')],
    ]);
    const again = await runHarden({ [WF]: r.files[WF]! }, { rules, imageResolver: registry });
    expect(again.changed).toEqual([]);
    expect(again.file(WF).findings).toEqual([]);
  });

  test('reports what the registry cannot answer, and aliased or anchored images', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    container: private.example.com/app:2',
      '    services:',
      '      one: {image: &img redis:7}',
      '      two: {image: *img}',
      '    steps: [{run: make}]',
    );
    const r = await runHarden({ [WF]: src }, { rules, imageResolver: registry });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings.map((f) => f.message)).toEqual([
      expect.stringContaining('(not changed: private.example.com/app:2 is not in the table)'),
      // The alias names the same node, reported once.
      expect.stringContaining('(not changed: it carries an anchor that other nodes alias)'),
    ]);
  });

  test('pins the matrix values an image comes from, include: entries too', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  test:',
      '    strategy:',
      '      matrix:',
      '        image: [node:18, "node:20"]',
      '        include:',
      '          - image: postgres',
      '    runs-on: ubuntu-latest',
      '    container: ${{ matrix.image }}',
      '    steps: [{run: make}]',
    );
    const r = await runHarden({ [WF]: src }, { rules, imageResolver: registry });
    expect(r.files[WF]).toBe(
      src
        .replace('[node:18, "node:20"]', `[node:18@${D.b}, "node:20@${D.a}"]`)
        .replace('- image: postgres', `- image: postgres@${D.b}`),
    );
    expect(r.file(WF).findings.map((f) => [f.line, f.fixed, f.message])).toEqual([
      [6, true, expect.stringContaining('(matrix.image = node:18)')],
      [6, true, expect.stringContaining('(matrix.image = node:20)')],
      [8, true, expect.stringContaining('(matrix.image = postgres)')],
    ]);
  });

  test('follows a matrix of objects (matrix.build.container); items without the key name no image', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  test:',
      '    strategy:',
      '      matrix:',
      '        build:',
      '          - {name: a, container: node:20}',
      '          - {name: b}',
      '    runs-on: ubuntu-latest',
      '    container: ${{ matrix.build.container }}',
      '    steps: [{run: make}]',
    );
    const r = await runHarden({ [WF]: src }, { rules, imageResolver: registry });
    expect(r.files[WF]).toBe(src.replace('container: node:20}', `container: node:20@${D.a}}`));
    expect(r.file(WF).findings.map((f) => [f.line, f.fixed])).toEqual([[7, true]]);
  });

  test('reports matrix images the fix cannot pin at their value: joined text, other uses, exclude:, expressions', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  joined:',
      '    strategy: {matrix: {node: [18, 20]}}',
      '    runs-on: ubuntu-latest',
      '    container: node:${{ matrix.node }}',
      '    steps: [{run: make}]',
      '  named:',
      '    name: test on ${{ matrix.image }}',
      '    strategy: {matrix: {image: [redis:7]}}',
      '    runs-on: ubuntu-latest',
      '    container: ${{ matrix.image }}',
      '    steps: [{run: make}]',
      '  excluded:',
      '    strategy: {matrix: {image: [redis:7], os: [a, b], exclude: [{image: redis:7, os: b}]}}',
      '    runs-on: ubuntu-latest',
      '    container: ${{ matrix.image }}',
      '    steps: [{run: make}]',
      '  dynamic:',
      '    strategy:',
      '      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}',
      '    runs-on: ubuntu-latest',
      '    container: ${{ matrix.image }}',
      '    steps: [{run: make}]',
    );
    const r = await runHarden({ [WF]: src }, { rules, imageResolver: registry });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings.map((f) => [f.line, f.confidence, f.message])).toEqual([
      [
        6,
        'high',
        expect.stringMatching(
          /container image node:\$\{\{ matrix.node \}\} \(matrix.node = 18\) is on tag 18.*joins a matrix value/,
        ),
      ],
      [6, 'high', expect.stringContaining('(matrix.node = 20) is on tag 20')],
      [12, 'high', expect.stringContaining('the job reads matrix.image elsewhere (matrix.image)')],
      [17, 'high', expect.stringContaining('an exclude: entry matches on matrix.image')],
      [23, 'low', expect.stringContaining('comes from a matrix that is not written out')],
    ]);
  });

  test('a Docker action names its image with docker://', async () => {
    const path = 'tools/lint/action.yml';
    const src = yaml('name: lint', 'runs:', '  using: docker', '  image: docker://node:20', '  args: [lint]');
    const r = await runHarden({ [path]: src }, { rules, imageResolver: registry });
    expect(r.files[path]).toBe(src.replace('docker://node:20', `docker://node:20@${D.a}`));
    expect(r.file(path).findings[0]!.message).toBe(
      `pinned the Docker action image node:20 to its digest: docker://node:20@${D.a}`,
    );
    const dockerfile = yaml('name: lint', 'runs:', '  using: docker', '  image: Dockerfile');
    expect((await runHarden({ [path]: dockerfile }, { rules, imageResolver: registry })).file(path).findings).toEqual(
      [],
    );
  });
});
