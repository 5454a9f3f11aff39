import { overprovisionedSecrets } from '../../../../src/harden/rules/overprovisioned-secrets/overprovisioned-secrets.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/deploy.yml';
const rules = [overprovisionedSecrets];

async function findings(files: Record<string, string>, path = WF) {
  const r = await runHarden(files, { rules });
  expect(r.changed).toEqual([]);
  return r.file(path).findings;
}

describe('overprovisioned-secrets', () => {
  test("zizmor's example: toJSON(secrets) in a step env, reported where it is written", async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: ./deploy.sh',
      '        env:',
      '          SECRETS: ${{ toJSON(secrets) }}',
    );
    expect(await findings({ [WF]: src })).toEqual([
      {
        rule: 'overprovisioned-secrets',
        severity: 'medium',
        confidence: 'high',
        path: WF,
        line: 8,
        column: 24,
        message:
          '`toJSON(secrets)` puts every secret of the repository in one value, so GitHub sends every secret to the runner; reference the secrets needed by name',
        fixed: false,
        help: overprovisionedSecrets.help,
      },
    ]);
  });

  test.each([
    ['${{ toJSON(secrets) }}', 1],
    ['${{ tojson(SECRETS) }}', 1],
    ['${{ false || toJSON(secrets) }}', 1],
    ['${{ toJSON(secrets) || toJSON(secrets) }}', 2],
    ["${{ format('{0}', toJSON(secrets)) }}", 1],
    ["${{ secrets[format('GH_PAT_{0}', matrix.env)] }}", 1],
    ['${{ SECRETS[something.else] }}', 1],
    ['${{ join(secrets.*) }}', 1],
    ["${{ secrets['literal'] }}", 0],
    ['${{ toJSON(secrets.foo) }}', 0],
    ['${{ secrets.TOKEN }}', 0],
    ['toJSON(secrets) is plain text here', 0],
  ])("zizmor's cases: %s → %i", async (value, count) => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo',
      '        env:',
      `          X: "${value}"`,
    );
    expect(await findings({ [WF]: src })).toHaveLength(count);
  });

  test('in bare if: conditions, with: inputs, block scripts and composite actions', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      "    if: toJSON(secrets) != '{}'",
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: some/action@v1',
      '        with: {all: "${{ toJSON(secrets) }}"}',
      '      - run: |',
      '          # every secret, for the script',
      "          echo '${{ toJSON(secrets) }}' > secrets.json",
    );
    expect((await findings({ [WF]: src })).map((f) => [f.line, f.column])).toEqual([
      [4, 9],
      [8, 26],
      [11, 21],
    ]);
    const action = yaml(
      'runs:',
      '  using: composite',
      '  steps:',
      '    - run: echo "$S"',
      '      shell: bash',
      '      env:',
      '        S: ${{ toJSON(secrets) }}',
    );
    expect(await findings({ 'deploy/action.yml': action }, 'deploy/action.yml')).toHaveLength(1);
  });

  test('a zizmor ignore comment silences it', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make',
      '        env:',
      '          ALL: ${{ toJSON(secrets) }} # zizmor: ignore[overprovisioned-secrets]',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.file(WF).findings).toEqual([]);
    expect(r.file(WF).suppressed).toEqual({ 'overprovisioned-secrets': 1 });
  });
});
