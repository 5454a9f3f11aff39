import { envFileWrites } from '../../../../src/harden/rules/github-env/env-file-writes.js';
import { githubEnv } from '../../../../src/harden/rules/github-env/github-env.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const rules = [githubEnv];
const wf = (on: string, ...steps: string[]) =>
  yaml(`on: ${on}`, 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps);
const findings = async (src: string, path = WF) => (await runHarden({ [path]: src }, { rules })).file(path).findings;

describe('github-env: which writes count (zizmor github_env.rs cases)', () => {
  test.each([
    'echo $foo >> $GITHUB_ENV',
    'echo $foo $bar >> $GITHUB_ENV',
    'echo multiple-args $foo >> $GITHUB_ENV',
    'echo $foo >> "$GITHUB_ENV"',
    'echo $foo >> ${GITHUB_ENV}',
    'echo $foo >> "${GITHUB_ENV}"',
    'echo FOO=$(bar) >> $GITHUB_ENV',
    'echo FOO=`bar` >> $GITHUB_ENV',
    'echo "PACKAGE_NAME=$(echo ${GITHUB_REF} | cut -d \'/\' -f 3)" >> ${GITHUB_ENV}',
    'unknown-command >> $GITHUB_ENV',
    "unknown-command 'some args' >> $GITHUB_ENV",
    'echo $foo > $GITHUB_ENV',
    'echo $foo>>$GITHUB_ENV',
    'echo $foo >> \\\n $GITHUB_ENV',
    'something | tee $GITHUB_ENV',
    'something | tee -a "${GITHUB_PATH}" | something-else',
    'something|tee $GITHUB_ENV',
    'echo "x=${{ github.head_ref }}" >> $GITHUB_OUTPUT',
    'foo >> ${env:GITHUB_ENV}',
    'foo >> "$env:GITHUB_ENV"',
    'foo >> $ENV:GitHub_Env',
    'echo "CUDA_PATH=$env:CUDA_PATH" | Out-File -FilePath $env:GITHUB_ENV -Encoding utf8 -Append',
    'Add-Content -Path $env:GITHUB_ENV -Value "RELEASE_VERSION=$releaseVersion"',
    'echo "foo" | OUT-FILE $Env:GitHub_Env -Append',
    'echo LIBRARY=%LIBRARY%>>%GITHUB_ENV%',
    'echo LIBRARY=%LIBRARY% >> "%GITHUB_ENV%"',
    'cat <<EOF >> $GITHUB_ENV\nA=$B\nEOF',
  ])('counts %j', (script) => {
    const writes = envFileWrites(script);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((w) => !w.literal)).toBe(true);
  });

  test.each([
    'echo $foo >> $OTHER_ENV # not $GITHUB_ENV',
    'echo $foo >> GITHUB_ENV',
    'echo $foo | tee GITHUB_ENV',
    'echo $foo | tee $GITHUB',
    'echo $foo | tee $GITHUB_ENVX',
    "echo 'x >> $GITHUB_ENV'",
    'foo >> bar # not $env:GITHUB_ENV',
    '"PYTHON_BIN=$PYTHON_BIN" | Out-File -FilePath GITHUB_ENV -Append',
  ])('ignores %j', (script) => {
    expect(envFileWrites(script)).toEqual([]);
  });

  test.each([
    'echo completely-static >> $GITHUB_ENV',
    "echo 'completely-static' >> $GITHUB_ENV",
    'echo \'completely-static\' "foo" >> $GITHUB_ENV',
    'echo "completely-static" >> $GITHUB_ENV',
    'printf "A=1\\n" >> "$GITHUB_PATH"',
    "cat <<'EOF' >> $GITHUB_ENV\nA=$B\nEOF",
    'cat <<EOF >> $GITHUB_ENV\nA=1\nEOF',
  ])('treats %j as fixed text', (script) => {
    expect(envFileWrites(script).map((w) => w.literal)).toEqual([true]);
  });
});

describe('github-env: the rule', () => {
  test('reports under pull_request_target: high confidence for attacker data, low for other expansions', async () => {
    const src = wf(
      'pull_request_target',
      '      - env:',
      '          TITLE: ${{ github.event.pull_request.title }}',
      '        run: |',
      '          echo "CI=true" >> "$GITHUB_ENV"',
      '          echo "PR_TITLE=$TITLE" >> "$GITHUB_ENV"',
      '      - run: echo "VERSION=$(cat VERSION)" >> "$GITHUB_ENV"',
      '      - run: echo "ref=${{ github.head_ref }}" >> "$GITHUB_OUTPUT"',
      '      - run: echo "sha=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"',
    );
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.changed).toEqual([]);
    expect(r.file(WF).findings).toEqual([
      {
        rule: 'github-env',
        severity: 'high',
        confidence: 'high',
        path: WF,
        line: 10,
        column: 11,
        message: expect.stringContaining('writes $TITLE (set from github.event.pull_request.title) to $GITHUB_ENV'),
        fixed: false,
        help: githubEnv.help,
      },
      expect.objectContaining({
        line: 11,
        column: 14,
        severity: 'high',
        confidence: 'low',
        message: expect.stringContaining('echo "VERSION=$(cat VERSION)"'),
      }),
      expect.objectContaining({
        line: 12,
        severity: 'medium',
        confidence: 'high',
        message: expect.stringContaining('${{ github.head_ref }}'),
      }),
    ]);
  });

  test('workflows without a dangerous trigger are left alone; composite actions are read as privileged', async () => {
    expect(await findings(wf('pull_request', '      - run: echo "X=$Y" >> $GITHUB_ENV'))).toEqual([]);
    const action = yaml(
      'name: a',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - run: echo "$INPUT_DIR" >> "$GITHUB_PATH"',
      '      shell: bash',
    );
    expect(await findings(action, 'tools/a/action.yml')).toEqual([
      expect.objectContaining({ line: 5, confidence: 'low', message: expect.stringContaining('$GITHUB_PATH') }),
    ]);
  });

  test('reads CRLF scripts, PowerShell and flow-style steps; zizmor: ignore silences it', async () => {
    const src = yaml(
      'on: [workflow_run]',
      'jobs:',
      '  build:',
      '    runs-on: windows-latest',
      '    steps:',
      '      - run: |',
      '          $v = Get-Content version.txt',
      '          "VERSION=$v" | Out-File -FilePath $env:GITHUB_ENV -Append',
      '      - {run: "echo X=$(date) >> $GITHUB_ENV"}',
      '      - run: echo "X=$Y" >> $GITHUB_ENV # zizmor: ignore[github-env]',
    ).replace(/\n/g, '\r\n');
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.file(WF).findings.map((f) => [f.line, f.confidence])).toEqual([
      [8, 'low'],
      [9, 'low'],
    ]);
    expect(r.file(WF).suppressed).toEqual({ 'github-env': 1 });
  });
});
