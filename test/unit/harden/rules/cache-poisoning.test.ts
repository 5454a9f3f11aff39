import { cachePoisoning } from '../../../../src/harden/rules/cache-poisoning/cache-poisoning.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/release.yml';
const rules = [cachePoisoning];

async function findings(src: string) {
  const r = await runHarden({ [WF]: src }, { rules });
  expect(r.changed).toEqual([]);
  return r.file(WF).findings;
}

/** One job `build` on `on` with `steps`. */
const wf = (on: string[], steps: string[]) =>
  yaml(...on, 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps);

describe('cache-poisoning', () => {
  test('a cache opted into in a workflow that runs on release, at the input that turns it on', async () => {
    const f = await findings(
      wf(
        ['on:', '  release:', '    types: [published]'],
        [
          '      - uses: actions/checkout@v4',
          '      - uses: actions/setup-node@v4',
          '        with:',
          '          node-version: 20',
          '          cache: npm',
          '      - run: npm ci && npm run build',
        ],
      ),
    );
    expect(f).toEqual([
      {
        rule: 'cache-poisoning',
        severity: 'high',
        confidence: 'low',
        path: WF,
        line: 12,
        column: 11,
        message: expect.stringMatching(
          /^job build restores a cache with actions\/setup-node \(cache: npm\) in a workflow that publishes \(runs on release\)/,
        ),
        fixed: false,
        help: cachePoisoning.help,
      },
    ]);
  });

  test.each([
    [['on:', '  push:', '    tags: ["v*"]'], 'runs on pushed tags'],
    [['on:', '  push:', '    tags-ignore: [nightly]'], 'runs on pushed tags'],
    [['on:', '  push:', '    branches: [main, "release/**"]'], 'runs on pushes to release/**'],
    [['on: [push, release]'], 'runs on release'],
  ])('publishing triggers: %j', async (on, why) => {
    const f = await findings(wf(on, ['      - uses: actions/cache@v4', '        with: {path: ~/.npm, key: npm}']));
    expect(f).toEqual([
      expect.objectContaining({
        line: on.length + 5,
        column: 15,
        message: expect.stringContaining(`restores a cache with actions/cache in a workflow that publishes (${why})`),
      }),
    ]);
  });

  test('a job that publishes, under any trigger; the other jobs are left out', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/setup-go@v5',
      '  pypi:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/setup-python@v5',
      '        with: {cache: pip}',
      '      - uses: pypa/gh-action-pypi-publish@release/v1',
      '  npm:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/setup-go@v5',
      '      - run: |',
      '          make',
      '          npm publish --access public',
    );
    const f = await findings(src);
    expect(f.map((x) => [x.line, x.message.replace(/: a cache poisoned.*/, '')])).toEqual([
      [
        11,
        'job pypi restores a cache with actions/setup-python (cache: pip) in a workflow that publishes (uses pypa/gh-action-pypi-publish)',
      ],
      [
        16,
        'job npm restores a cache with actions/setup-go (it caches by default) in a workflow that publishes (runs `npm publish`)',
      ],
    ]);
  });

  test('how each control reads: opted out, off, by default, and decided by an expression', async () => {
    const f = await findings(
      wf(
        ['on: release'],
        [
          '      - uses: actions/cache@v4',
          '        with: {lookup-only: true, path: x, key: y}',
          '      - uses: actions/setup-go@v5',
          '        with: {cache: false}',
          '      - uses: actions/setup-python@v5',
          '      - uses: actions/setup-node@v5',
          '      - uses: Swatinem/rust-cache@v2',
          '      - uses: ruby/setup-ruby@v1',
          '        with:',
          '          bundler-cache: ${{ inputs.cache }}',
          '      - uses: actions/cache/save@v4',
          '        with: {path: x, key: y}',
          '      - uses: docker/setup-buildx-action@v3',
          '      - uses: mozilla-actions/sccache-action@v0.0.9',
        ],
      ),
    );
    expect(f.map((x) => [x.line, x.message.replace(/ in a workflow that publishes.*/, '')])).toEqual([
      [11, 'job build restores a cache with actions/setup-node (it caches by default)'],
      [12, 'job build restores a cache with swatinem/rust-cache'],
      [15, 'job build may restore a cache with ruby/setup-ruby (bundler-cache: ${{ inputs.cache }})'],
      [19, 'job build restores a cache with mozilla-actions/sccache-action'],
    ]);
  });

  test('nothing for workflows that do not publish, or a push of images turned off', async () => {
    expect(await findings(wf(['on: pull_request'], ['      - uses: actions/cache@v4']))).toEqual([]);
    expect(
      await findings(
        wf(
          ['on: push'],
          [
            '      - uses: actions/cache@v4',
            '      - uses: docker/build-push-action@v6',
            '        with: {push: false}',
          ],
        ),
      ),
    ).toEqual([]);
    expect(
      await findings(wf(['on: push'], ['      - uses: actions/cache@v4', '      - uses: docker/build-push-action@v6'])),
    ).toHaveLength(1);
  });

  test('an ignore comment anywhere in the step silences it; CRLF files read the same', async () => {
    const src = wf(
      ['on: release'],
      [
        '      - uses: actions/setup-node@v4 # zizmor: ignore[cache-poisoning] -- test deps only',
        '        with:',
        '          cache: npm',
      ],
    );
    const r = await runHarden({ [WF]: src.replace(/\n/g, '\r\n') }, { rules });
    expect(r.file(WF).findings).toEqual([]);
    expect(r.file(WF).suppressed).toEqual({ 'cache-poisoning': 1 });
  });
});
