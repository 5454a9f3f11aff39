import { dangerousTriggers } from '../../../../src/harden/rules/dangerous-triggers/dangerous-triggers.js';
import { secretsInherit } from '../../../../src/harden/rules/secrets-inherit/secrets-inherit.js';
import { unpinnedImages } from '../../../../src/harden/rules/unpinned-images/unpinned-images.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';

describe('report-only rules', () => {
  test('dangerous-triggers: checkout of the PR head under pull_request_target', async () => {
    const src = yaml(
      'on:',
      '  pull_request_target:',
      '    types: [opened]',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          ref: ${{ github.event.pull_request.head.sha }}',
      '      - run: gh pr checkout ${{ github.event.number }}',
      '      - uses: actions/checkout@v4',
    );
    const r = await runHarden({ [WF]: src }, { rules: [dangerousTriggers] });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([
      expect.objectContaining({ line: 8, fixed: false, message: expect.stringContaining('checks out untrusted code') }),
      expect.objectContaining({ line: 11, fixed: false, message: expect.stringContaining('gh pr checkout') }),
    ]);
    const safe = await runHarden({ [WF]: src.replace('pull_request_target', 'pull_request') }, { rules: [dangerousTriggers] });
    expect(safe.file(WF).findings).toEqual([]);
  });

  test('secrets-inherit: reported on the secrets line', async () => {
    const src = yaml('on: push', 'jobs:', '  call:', '    uses: org/repo/.github/workflows/x.yml@v1', '    secrets: inherit', '  call2:', '    uses: ./.github/workflows/y.yml', '    secrets:', '      token: ${{ secrets.T }}');
    const r = await runHarden({ [WF]: src }, { rules: [secretsInherit] });
    expect(r.file(WF).findings).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining('passes every secret to org/repo/.github/workflows/x.yml@v1') })]);
  });

  test('unpinned-images: container and service images without a digest', async () => {
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
      '      image: ${{ matrix.image }}',
      '    steps: [{run: make}]',
    );
    const r = await runHarden({ [WF]: src }, { rules: [unpinnedImages] });
    expect(r.file(WF).findings.map((f) => [f.line, f.message])).toEqual([
      [5, expect.stringContaining('container image node:20 is on tag 20')],
      [8, expect.stringContaining('service db image postgres is unpinned (latest)')],
    ]);
  });
});
