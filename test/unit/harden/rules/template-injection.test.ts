import { findExpressions } from '../../../../src/harden/rules/template-injection/expressions.js';
import { lexPwsh } from '../../../../src/harden/rules/template-injection/pwsh-context.js';
import { lexSh } from '../../../../src/harden/rules/template-injection/sh-context.js';
import { templateInjection } from '../../../../src/harden/rules/template-injection/template-injection.js';
import type { Finding } from '../../../../src/harden/types.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const rules = [templateInjection];
const job = (runsOn: string, ...steps: string[]) =>
  yaml('on: issues', 'jobs:', '  triage:', `    runs-on: ${runsOn}`, '    steps:', ...steps);
const wf = (...steps: string[]) => job('ubuntu-latest', ...steps);

/** Hardens one file, checks a second run changes nothing more, and returns the text and findings. */
async function harden(text: string, path = WF): Promise<{ text: string; findings: Finding[] }> {
  const first = await runHarden({ [path]: text }, { rules });
  const out = first.files[path]!;
  const again = await runHarden({ [path]: out }, { rules });
  expect(again.files[path]).toBe(out);
  expect(again.file(path).findings.filter((f) => f.fixed)).toEqual([]);
  return { text: out, findings: first.file(path).findings };
}

const fixed = (findings: Finding[]) => findings.filter((f) => f.fixed);
const notes = (findings: Finding[]) => findings.filter((f) => !f.fixed);

describe('template-injection: sh-like shells', () => {
  test('moves an expression in double quotes into a new env: written before run:', async () => {
    const r = await harden(wf('      - name: greet', '        run: echo "Title - ${{ github.event.issue.title }}"'));
    expect(r.text).toBe(
      wf(
        '      - name: greet',
        '        env:',
        '          GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '        run: echo "Title - ${GITHUB_EVENT_ISSUE_TITLE}"',
      ),
    );
    expect(r.findings).toEqual([
      {
        rule: 'template-injection',
        severity: 'high',
        confidence: 'high',
        path: WF,
        line: 7,
        column: 28,
        message:
          "moved ${{ github.event.issue.title }} out of run: into the step's env as GITHUB_EVENT_ISSUE_TITLE (read as ${GITHUB_EVENT_ISSUE_TITLE})",
        fixed: true,
      },
    ]);
  });

  test('keeps an unquoted use unquoted and puts env: after the dash when run: is the first key', async () => {
    const r = await harden(wf('      - run: git checkout ${{ github.event.pull_request.head.ref }}'));
    expect(r.text).toBe(
      wf(
        '      - env:',
        '          GITHUB_EVENT_PULL_REQUEST_HEAD_REF: ${{ github.event.pull_request.head.ref }}',
        '        run: git checkout ${GITHUB_EVENT_PULL_REQUEST_HEAD_REF}',
      ),
    );
  });

  test('closes and reopens single quotes, dropping empty quote pairs at the edges', async () => {
    const r = await harden(
      wf("      - run: echo 'a ${{ github.event.comment.body }} b' '${{ github.event.review.body }}'"),
    );
    expect(r.text).toBe(
      wf(
        '      - env:',
        '          GITHUB_EVENT_COMMENT_BODY: ${{ github.event.comment.body }}',
        '          GITHUB_EVENT_REVIEW_BODY: ${{ github.event.review.body }}',
        `        run: echo 'a '"\${GITHUB_EVENT_COMMENT_BODY}"' b' "\${GITHUB_EVENT_REVIEW_BODY}"`,
      ),
    );
  });

  test('rewrites an unquoted heredoc but reports a quoted one', async () => {
    const r = await harden(
      wf(
        '      - run: |',
        '          cat <<EOF > notes.md',
        '          ${{ github.event.issue.body }}',
        '          EOF',
        "          cat <<'EOF'",
        '          ${{ github.event.issue.title }}',
        '          EOF',
      ),
    );
    expect(r.text).toBe(
      wf(
        '      - env:',
        '          GITHUB_EVENT_ISSUE_BODY: ${{ github.event.issue.body }}',
        '        run: |',
        '          cat <<EOF > notes.md',
        '          ${GITHUB_EVENT_ISSUE_BODY}',
        '          EOF',
        "          cat <<'EOF'",
        '          ${{ github.event.issue.title }}',
        '          EOF',
      ),
    );
    expect(notes(r.findings)).toEqual([
      expect.objectContaining({
        line: 11,
        message: expect.stringContaining('inside a heredoc with a quoted delimiter'),
      }),
    ]);
  });

  test('uses one env entry for two occurrences, and the same name for bracket syntax', async () => {
    const r = await harden(
      wf(
        '      - run: |',
        '          echo "${{ github.event.issue.title }}"',
        "          echo ${{ github.event['issue']['title'] }} ${{ github.event.issue.title }}",
      ),
    );
    expect(r.text).toBe(
      wf(
        '      - env:',
        '          GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '        run: |',
        '          echo "${GITHUB_EVENT_ISSUE_TITLE}"',
        '          echo ${GITHUB_EVENT_ISSUE_TITLE} ${GITHUB_EVENT_ISSUE_TITLE}',
      ),
    );
    expect(fixed(r.findings)).toHaveLength(1);
  });

  test('reads github.head_ref from the runner variable without adding env:', async () => {
    const r = await harden(wf('      - run: echo "branch ${{ github.head_ref }}"'));
    expect(r.text).toBe(wf('      - run: echo "branch ${GITHUB_HEAD_REF}"'));
    expect(fixed(r.findings)[0]!.message).toBe(
      'replaced ${{ github.head_ref }} in run: with ${GITHUB_HEAD_REF}, a variable the runner sets',
    );
  });

  test('reports what it cannot rewrite: $( ), backticks, eval, sh -c, python -c, a heredoc or pipe into a shell', async () => {
    const src = wf(
      '      - run: |',
      '          x=$(echo "${{ github.event.issue.title }}")',
      '          y=`echo ${{ github.event.issue.title }}`',
      '          eval "echo ${{ github.event.issue.title }}"',
      "          bash -c 'echo ${{ github.event.issue.title }}'",
      '          python3 -c \'print("${{ github.event.issue.title }}")\'',
      '          bash <<EOF',
      '          echo ${{ github.event.issue.title }}',
      '          EOF',
      '          echo "${{ github.event.issue.title }}" | sudo bash',
    );
    const r = await harden(src);
    expect(r.text).toBe(src);
    expect(r.findings.map((f) => [f.line, f.fixed])).toEqual([
      [7, false],
      [8, false],
      [9, false],
      [10, false],
      [11, false],
      [13, false],
      [15, false],
    ]);
    expect(r.findings[6]!.message).toContain('an interpreter through a pipe');
    expect(r.findings[2]!.message).toContain('hands it to eval');
    expect(r.findings[3]!.message).toContain('a nested shell');
    expect(r.findings[5]!.message).toContain('an interpreter reading the heredoc as code');
  });

  test('reports a dangerous value wrapped in functions or operators; leaves safe contexts and boolean uses alone', async () => {
    const src = wf(
      '      - run: |',
      "          echo ${{ format('{0}', github.event.issue.title) }} ${{ github.event.issue.title || 'none' }}",
      '          echo ${{ github.sha }} ${{ github.event.pull_request.head.sha }} ${{ github.event.issue.number }}',
      '          echo ${{ steps.build.outcome }} ${{ toJSON(github.event.issue) }} ${{ github.event.pull_request.head }}',
      "          echo ${{ github.event.issue.title == 'bug' && 'yes' || 'no' }} ${{ contains(github.event.pull_request.body, 'x') }}",
    );
    const r = await harden(src);
    expect(r.text).toBe(src);
    expect(r.findings.map((f) => [f.line, f.fixed, f.message.split(' in run:')[0]])).toEqual([
      [7, false, "${{ format('{0}', github.event.issue.title) }}"],
      [7, false, "${{ github.event.issue.title || 'none' }}"],
      [9, false, '${{ toJSON(github.event.issue) }}'],
      [9, false, '${{ github.event.pull_request.head }}'],
    ]);
    expect(r.findings[2]!.message).toContain('it is not a single context reference');
    expect(r.findings[3]!.message).toContain('it expands a whole object that holds github.event.pull_request.head.ref');
  });

  test('never touches expressions outside run: and inputs that run code; fixes github-script', async () => {
    const src = wf(
      "      - if: ${{ contains(github.event.issue.title, 'bug') }}",
      '        uses: actions/github-script@v7',
      '        with:',
      '          script: console.log("${{ github.event.issue.title }}")',
      '      - uses: some/action@v1',
      '        with:',
      '          title: ${{ github.event.issue.title }}',
    );
    const r = await harden(src);
    expect(r.text).toBe(
      wf(
        "      - if: ${{ contains(github.event.issue.title, 'bug') }}",
        '        env:',
        '          GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '        uses: actions/github-script@v7',
        '        with:',
        '          script: console.log(process.env.GITHUB_EVENT_ISSUE_TITLE)',
        '      - uses: some/action@v1',
        '        with:',
        '          title: ${{ github.event.issue.title }}',
      ),
    );
    expect(r.findings).toEqual([
      expect.objectContaining({
        line: 9,
        fixed: true,
        message: expect.stringContaining('out of the script: input of actions/github-script'),
      }),
    ]);
  });
});

describe('template-injection: choosing the shell', () => {
  test('writes $env:VAR for pwsh on windows-latest, braced before a name character', async () => {
    const r = await harden(
      job('windows-latest', '      - run: Write-Host "${{ github.event.issue.title }}" ${{ github.head_ref }}.txt'),
    );
    expect(r.text).toBe(
      job(
        'windows-latest',
        '      - env:',
        '          GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '        run: Write-Host "$env:GITHUB_EVENT_ISSUE_TITLE" ${env:GITHUB_HEAD_REF}.txt',
      ),
    );
  });

  test('reports pwsh single-quoted strings', async () => {
    const src = job('windows-latest', "      - run: Write-Host '${{ github.event.issue.title }}'");
    const r = await harden(src);
    expect(r.text).toBe(src);
    expect(r.findings[0]!.message).toContain('single-quoted PowerShell string');
  });

  test('follows defaults.run.shell and the step shell over the runner', async () => {
    const src = yaml(
      'on: issues',
      'defaults:',
      '  run:',
      '    shell: pwsh',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ github.head_ref }}"',
      '      - run: echo "${{ github.head_ref }}"',
      '        shell: bash',
    );
    const r = await harden(src);
    expect(r.text).toBe(
      src
        .replace('"${{ github.head_ref }}"', '"$env:GITHUB_HEAD_REF"')
        .replace('"${{ github.head_ref }}"', '"${GITHUB_HEAD_REF}"'),
    );
  });

  test.each([
    ['shell: python', 'ubuntu-latest', '        shell: python', 'the shell "python" is not one the fix understands'],
    ['shell: cmd', 'windows-latest', '        shell: cmd', 'cmd re-parses %VAR% expansions'],
    ['a custom shell', 'ubuntu-latest', '        shell: bash --noprofile {0}', 'the custom shell'],
    ['a shell from an expression', 'ubuntu-latest', '        shell: ${{ matrix.shell }}', 'is an expression'],
  ])('reports %s', async (_label, runsOn, shellLine, reason) => {
    const src = job(runsOn, '      - run: echo "${{ github.event.issue.title }}"', shellLine);
    const r = await harden(src);
    expect(r.text).toBe(src);
    expect(r.findings).toEqual([
      expect.objectContaining({ line: 6, fixed: false, message: expect.stringContaining(reason) }),
    ]);
  });

  test('reports a matrix that mixes operating systems', async () => {
    const src = yaml(
      'on: pull_request_target',
      'jobs:',
      '  test:',
      '    strategy:',
      '      matrix:',
      '        os: [ubuntu-latest, windows-latest]',
      '    runs-on: ${{ matrix.os }}',
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.title }}"',
    );
    const r = await harden(src);
    expect(r.text).toBe(src);
    expect(r.findings[0]!.message).toContain('several operating systems');
  });

  test('fixes a composite action step with shell: bash and reports one without a shell', async () => {
    const path = 'tools/label/action.yml';
    const src = yaml(
      'name: label',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - run: echo "${{ github.event.pull_request.title }}"',
      '      shell: bash',
      '    - run: echo "${{ github.event.pull_request.body }}"',
    );
    const r = await harden(src, path);
    expect(r.text).toBe(
      yaml(
        'name: label',
        'runs:',
        '  using: composite',
        '  steps:',
        '    - env:',
        '        GITHUB_EVENT_PULL_REQUEST_TITLE: ${{ github.event.pull_request.title }}',
        '      run: echo "${GITHUB_EVENT_PULL_REQUEST_TITLE}"',
        '      shell: bash',
        '    - run: echo "${{ github.event.pull_request.body }}"',
      ),
    );
    expect(notes(r.findings)).toEqual([
      expect.objectContaining({ line: 7, message: expect.stringContaining('names no shell') }),
    ]);
  });
});

describe('template-injection: env entries', () => {
  test('adds to an existing env block without losing its comments', async () => {
    const r = await harden(
      wf(
        '      - env:',
        '          # who runs this',
        '          ACTOR: ${{ github.actor }} # login',
        '          # end of env',
        '        run: echo "$ACTOR ${{ github.event.issue.title }}"',
      ),
    );
    expect(r.text).toBe(
      wf(
        '      - env:',
        '          # who runs this',
        '          ACTOR: ${{ github.actor }} # login',
        '          GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '          # end of env',
        '        run: echo "$ACTOR ${GITHUB_EVENT_ISSUE_TITLE}"',
      ),
    );
  });

  test('picks another name when the step or job env already uses it for something else', async () => {
    const src = yaml(
      'on: issues',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      GITHUB_EVENT_ISSUE_TITLE_2: other',
      '    steps:',
      '      - run: echo "${{ github.event.issue.title }}"',
      '        env:',
      '          GITHUB_EVENT_ISSUE_TITLE: something else',
    );
    const r = await harden(src);
    expect(r.text).toBe(
      src
        .replace('"${{ github.event.issue.title }}"', '"${GITHUB_EVENT_ISSUE_TITLE_3}"')
        .replace(
          'something else\n',
          'something else\n          GITHUB_EVENT_ISSUE_TITLE_3: ${{ github.event.issue.title }}\n',
        ),
    );
  });

  test('reuses an identical entry from the job env', async () => {
    const src = yaml(
      'on: issues',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      TITLE: ${{ github.event.issue.title }}',
      '    steps:',
      '      - run: echo "${{ github.event.issue.title }}"',
    );
    const r = await harden(src);
    expect(r.text).toBe(src.replace('"${{ github.event.issue.title }}"', '"${TITLE}"'));
    expect(fixed(r.findings)[0]!.message).toContain('an existing env entry');
  });

  test('skips a flow-style env but still rewrites what needs no new entry', async () => {
    const src = wf(
      '      - run: echo "${{ github.event.issue.title }}" "${{ github.head_ref }}"',
      '        env: { A: 1 }',
    );
    const r = await harden(src);
    expect(r.text).toBe(src.replace('"${{ github.head_ref }}"', '"${GITHUB_HEAD_REF}"'));
    expect(notes(r.findings)).toEqual([expect.objectContaining({ message: expect.stringContaining('flow style') })]);
  });

  test('reports flow-style steps and aliased scripts', async () => {
    const src = yaml(
      'on: issues',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - {run: "echo ${{ github.event.issue.title }}"}',
      '      - run: &script echo "${{ github.event.issue.body }}"',
      '      - run: *script',
    );
    const r = await harden(src);
    expect(r.text).toBe(src);
    expect(r.findings.map((f) => f.message.match(/left in place: ([^;]+)/)?.[1])).toEqual([
      'the step is written in flow style ({ … } or [ … ]), where the fix cannot add lines',
      'the script carries an anchor that other nodes alias',
      'the script is an alias of another node',
    ]);
  });
});

describe('template-injection: YAML source mapping', () => {
  test('keeps a |2- block scalar header and its extra indentation', async () => {
    const src = wf('      - run: |2-', '            echo "${{ github.event.issue.title }}"', '          done');
    const r = await harden(src);
    expect(r.text).toBe(
      wf(
        '      - env:',
        '          GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '        run: |2-',
        '            echo "${GITHUB_EVENT_ISSUE_TITLE}"',
        '          done',
      ),
    );
  });

  test('keeps CRLF line endings and 4-space indentation', async () => {
    const src = yaml(
      'on: issues',
      'jobs:',
      '    a:',
      '        runs-on: ubuntu-latest',
      '        steps:',
      '            -   run: >-',
      '                    echo "${{ github.event.issue.title }}"',
    ).replace(/\n/g, '\r\n');
    const r = await harden(src);
    expect(r.text).toBe(
      yaml(
        'on: issues',
        'jobs:',
        '    a:',
        '        runs-on: ubuntu-latest',
        '        steps:',
        '            -   env:',
        '                    GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '                run: >-',
        '                    echo "${GITHUB_EVENT_ISSUE_TITLE}"',
      ).replace(/\n/g, '\r\n'),
    );
  });

  test('measures offsets correctly after non-ASCII text', async () => {
    const r = await harden(
      wf('      - run: |', '          echo "Ünïcödé 🎉 — ${{ github.event.issue.title }}" 🎉 ${{ github.head_ref }}'),
    );
    expect(r.text).toBe(
      wf(
        '      - env:',
        '          GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '        run: |',
        '          echo "Ünïcödé 🎉 — ${GITHUB_EVENT_ISSUE_TITLE}" 🎉 ${GITHUB_HEAD_REF}',
      ),
    );
  });

  test("escapes quotes in a single-quoted YAML script and leaves its '' escapes", async () => {
    // The script is  echo 'x ${{ … }}' done : the closing shell quote is a YAML '' escape, so it stays.
    const r = await harden(wf("      - run: 'echo ''x ${{ github.event.issue.title }}'' done'"));
    expect(r.text).toBe(
      wf(
        '      - env:',
        '          GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        `        run: 'echo ''x ''"\${GITHUB_EVENT_ISSUE_TITLE}"'''' done'`,
      ),
    );
  });

  test('patches a double-quoted YAML script around escapes elsewhere', async () => {
    const r = await harden(wf('      - run: "printf \'%s\\n\' \\"${{ github.event.issue.title }}\\""'));
    expect(r.text).toBe(
      wf(
        '      - env:',
        '          GITHUB_EVENT_ISSUE_TITLE: ${{ github.event.issue.title }}',
        '        run: "printf \'%s\\n\' \\"${GITHUB_EVENT_ISSUE_TITLE}\\""',
      ),
    );
  });

  test('leaves an already hardened file unchanged', async () => {
    const src = wf('      - env:', '          TITLE: ${{ github.event.issue.title }}', '        run: echo "$TITLE"');
    const r = await harden(src);
    expect(r.text).toBe(src);
    expect(r.findings).toEqual([]);
  });
});

describe('template-injection: script quoting lexers', () => {
  const X = '${{ a.b }}';
  const kinds = (lex: typeof lexSh, script: string) => lex(script, findExpressions(script)).map((c) => c.kind);

  test.each([
    [`echo "$(date) ${X}"`, ['double']],
    [`echo "\${FOO:-x} ${X}" \\'${X}`, ['double', 'unquoted']],
    [`echo "it's ${X}" '${X}' # ${X}`, ['double', 'single', 'comment']],
    [`echo '\${{ github.event['issue']['title'] }}'`, ['single']],
    [`echo $'a ${X}' \`b ${X}\` $(c ${X}) \${d:-${X}}`, ['blocked', 'blocked', 'blocked', 'blocked']],
    [`echo "$(case x in a) echo hi;; esac)" ${X}`, ['blocked']],
    [`cat <<-EOF\n\t${X}\n\tEOF\necho ${X}`, ['heredoc', 'unquoted']],
    [`cat <<A <<'B'\n${X}\nA\n${X}\nB\n'${X}'`, ['heredoc', 'blocked', 'single']],
    [`cat <<EOF\n'${X}' $(x ${X})\nEOF`, ['heredoc', 'blocked']],
    [`(( y = 1 << 2 )); echo ${X}`, ['unquoted']],
  ])('sh: %j', (script, expected) => {
    expect(kinds(lexSh, script)).toEqual(expected);
  });

  test.each([
    ['Write-Host "a `"' + X + '`"" \'' + X + "'", ['double', 'blocked']],
    [`$x = @"\n${X}\n"@\n$y = @'\n${X}\n'@\n${X}`, ['heredoc', 'blocked', 'unquoted']],
    [`Write-Host "$(Get-Date ${X}) ${X}" # ${X}`, ['blocked', 'double', 'comment']],
    [`<# ${X} #> Write-Host \u201c${X}\u201d \u2018${X}\u2019`, ['comment', 'double', 'blocked']],
  ])('pwsh: %j', (script, expected) => {
    expect(kinds(lexPwsh, script)).toEqual(expected);
  });
});
