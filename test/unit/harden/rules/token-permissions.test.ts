import { tokenPermissions } from '../../../../src/harden/rules/token-permissions/token-permissions.js';
import { parsesCleanly, corpusRepos, describeCorpus } from '../../../support/corpus.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const rules = [tokenPermissions];
const TOP = ['permissions:', '  contents: read', ''];
const NONE = ['permissions: {}', ''];

/** A workflow with one job `build`; `head` lines go before `jobs:`. */
const wf = (steps: string[], head: string[] = ['on: push', '']) =>
  yaml(...head, 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps);
const hardened = (steps: string[], block: string[] = [], head: string[] = ['on: push', ''], top: string[] = TOP) =>
  yaml(...head, ...top, 'jobs:', '  build:', '    runs-on: ubuntu-latest', ...block, '    steps:', ...steps);
/** The same with `permissions: {}` at the top: no job reads the repository. */
const hardenedNone = (steps: string[], block: string[] = [], head: string[] = ['on: push', '']) =>
  hardened(steps, block, head, NONE);

async function once(text: string, extra: Record<string, string> = {}) {
  const r = await runHarden({ [WF]: text, ...extra }, { rules });
  expect(r.file(WF).status).not.toBe('error');
  const notes = r
    .file(WF)
    .findings.filter((f) => !f.fixed)
    .map((f) => f.message);
  return { text: r.files[WF]!, notes, changed: r.changed.includes(WF), report: r.file(WF) };
}

/** Hardens, checks the output against `after`, and that a second run changes nothing. */
async function expectHardened(before: string, after: string, extra: Record<string, string> = {}) {
  const first = await once(before, extra);
  expect(first.text).toBe(after);
  const second = await once(first.text, extra);
  expect(second.changed).toBe(false);
  return first;
}

async function expectLeftAlone(before: string, note: RegExp, extra: Record<string, string> = {}) {
  const r = await once(before, extra);
  expect(r.changed).toBe(false);
  expect(r.notes.join('\n')).toMatch(note);
  return r;
}

describe('token-permissions: inference', () => {
  test('simple CI (checkout, setup-node, run) gets only top-level contents: read', async () => {
    const steps = [
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@v4',
      '        with:',
      '          node-version: 20',
      '      - run: npm ci && npm test',
    ];
    const r = await expectHardened(wf(steps), hardened(steps));
    expect(r.report.findings).toEqual([
      {
        rule: 'token-permissions',
        severity: 'medium',
        confidence: 'high',
        path: WF,
        line: 3,
        column: 1,
        message: 'added top-level permissions: contents: read',
        fixed: true,
      },
    ]);
  });

  test('a release job with softprops/action-gh-release gets contents: write', async () => {
    const steps = [
      '      - uses: actions/checkout@v4',
      '      - uses: softprops/action-gh-release@v2',
      '        with:',
      '          files: dist/*',
    ];
    await expectHardened(
      wf(steps),
      hardened(steps, [
        '    permissions:',
        '      contents: write  # for softprops/action-gh-release to create the release',
      ]),
    );
  });

  test('softprops/action-gh-release with a discussion category also needs discussions: write', async () => {
    const steps = [
      '      - uses: softprops/action-gh-release@v2',
      '        with:',
      '          discussion_category_name: Announcements',
    ];
    await expectHardened(
      wf(steps),
      hardened(steps, [
        '    permissions:',
        '      contents: write  # for softprops/action-gh-release to create the release',
        '      discussions: write  # for softprops/action-gh-release to open the release discussion',
      ]),
    );
  });

  test('actions/stale needs contents: write only with delete-branch: true', async () => {
    const plain = ['      - uses: actions/stale@v9', '        with:', '          days-before-stale: 30'];
    const block = [
      '    permissions:',
      '      issues: write  # for actions/stale to label, comment on and close stale issues',
      '      pull-requests: write  # for actions/stale to label, comment on and close stale pull requests',
    ];
    await expectHardened(wf(plain), hardenedNone(plain, block));
    const deleting = ['      - uses: actions/stale@v9', '        with:', '          delete-branch: true'];
    await expectHardened(
      wf(deleting),
      hardened(deleting, [
        '    permissions:',
        '      contents: write  # for actions/stale to delete the branches of closed pull requests',
        ...block.slice(1),
      ]),
    );
    const notDeleting = ['      - uses: actions/stale@v9', '        with:', "          delete-branch: 'false'"];
    await expectHardened(wf(notDeleting), hardenedNone(notDeleting, block));
  });

  test('git push in a run script needs contents: write; checkout keeps contents in the block', async () => {
    const steps = [
      '      - uses: actions/checkout@v4',
      '      - run: |',
      '          git commit -am "bump"',
      '          git -C . push origin HEAD',
    ];
    await expectHardened(
      wf(steps),
      hardened(steps, ['    permissions:', '      contents: write  # for git push to push commits']),
    );
  });

  test('gh pr create with the token in GH_TOKEN needs pull-requests: write, and contents: read after a checkout', async () => {
    const steps = [
      '      - uses: actions/checkout@v4',
      '      - run: gh pr create --fill --base main',
      '        env:',
      '          GH_TOKEN: ${{ github.token }}',
    ];
    await expectHardened(
      wf(steps),
      hardened(steps, [
        '    permissions:',
        '      contents: read  # for actions/checkout to fetch the repository',
        '      pull-requests: write  # for gh pr create to open a pull request',
      ]),
    );
  });

  test('gh pr merge also needs contents: write; gh issue comment needs issues: write; read-only gh api maps to a read', async () => {
    const steps = [
      '      - run: |',
      '          gh pr merge --auto --squash "$PR"',
      '          gh issue comment 1 --body done',
      '          gh api repos/${{ github.repository }}/pulls/1 --jq .title',
      '        env:',
      '          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      '          PR: ${{ github.event.number }}',
    ];
    await expectHardened(
      wf(steps),
      hardened(steps, [
        '    permissions:',
        '      contents: write  # for gh pr merge to merge pull requests',
        '      issues: write  # for gh issue comment to comment on issues',
        '      pull-requests: write  # for gh pr merge to merge pull requests',
      ]),
    );
  });

  test('reads a longer script: functions, conditionals, pipes and heredocs around gh', async () => {
    const steps = [
      '      - run: |',
      '          notes() { cat CHANGELOG.md | head -n 20; }',
      '          echo "$GH_TOKEN" | gh auth login --with-token',
      '          if [ -n "$TAG" ]; then',
      '            notes > notes.md  # release notes',
      '            gh release create "$TAG" --notes-file notes.md',
      '          fi',
      "          cat > body.md <<'EOF'",
      '          curl is only mentioned here',
      '          EOF',
      '          for f in dist/*; do gh release upload "$TAG" "$f"; done',
      '        env:',
      '          GH_TOKEN: ${{ github.token }}',
      '          TAG: ${{ github.ref_name }}',
    ];
    await expectHardened(
      wf(steps),
      hardened(steps, [
        '    permissions:',
        '      contents: write  # for gh release create to create a release, gh release upload to upload release assets',
      ]),
    );
  });

  test('gh without the token needs nothing; a token input set to another secret needs nothing from GITHUB_TOKEN', async () => {
    const steps = [
      '      - run: gh pr list',
      '      - uses: peter-evans/create-pull-request@v7',
      '        with:',
      '          token: ${{ secrets.BOT_PAT }}',
      '      - uses: actions/github-script@v7',
      '        with:',
      '          github-token: ${{ steps.app.outputs.token }}',
      '          script: |',
      '            await github.rest.issues.createComment({ ...context.repo, issue_number: 1, body: "x" })',
    ];
    await expectHardened(wf(steps), hardenedNone(steps));
  });

  test('a token input set to github.token counts like the default', async () => {
    const steps = [
      '      - uses: peter-evans/create-pull-request@v7',
      '        with:',
      '          token: ${{ secrets.GITHUB_TOKEN }}',
    ];
    await expectHardened(
      wf(steps),
      hardened(steps, [
        '    permissions:',
        '      contents: write  # for peter-evans/create-pull-request to push the pull request branch',
        '      pull-requests: write  # for peter-evans/create-pull-request to create or update the pull request',
      ]),
    );
  });

  test('docker/login-action to ghcr.io with GITHUB_TOKEN, the registry read from env, needs packages: write', async () => {
    const head = ['on: push', 'env:', '  REGISTRY: ghcr.io', ''];
    const steps = [
      '      - uses: docker/login-action@v3',
      '        with:',
      '          registry: ${{ env.REGISTRY }}',
      '          username: ${{ github.actor }}',
      '          password: ${{ secrets.GITHUB_TOKEN }}',
    ];
    await expectHardened(
      wf(steps, head),
      hardenedNone(
        steps,
        ['    permissions:', '      packages: write  # for docker/login-action to push images to ghcr.io'],
        head,
      ),
    );
    const hub = [
      '      - uses: docker/login-action@v3',
      '        with:',
      '          username: me',
      '          password: ${{ secrets.DOCKERHUB_TOKEN }}',
    ];
    await expectHardened(wf(hub), hardenedNone(hub));
  });

  test('OIDC needs follow the inputs: aws role without keys, codecov use_oidc', async () => {
    const steps = [
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      '          role-to-assume: ${{ secrets.ROLE }}',
      '      - uses: codecov/codecov-action@v5',
      '        with:',
      '          use_oidc: true',
    ];
    await expectHardened(
      wf(steps),
      hardenedNone(steps, [
        '    permissions:',
        '      id-token: write  # for aws-actions/configure-aws-credentials to assume the AWS role with OIDC, codecov/codecov-action to upload with OIDC instead of a Codecov token',
      ]),
    );
    const keys = [
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      '          role-to-assume: arn:x',
      '          aws-access-key-id: ${{ secrets.KEY }}',
    ];
    await expectHardened(wf(keys), hardenedNone(keys));
  });

  test('a condition on an expression whose value cannot be known leaves the workflow alone', async () => {
    const steps = [
      '      - uses: codecov/codecov-action@v5',
      '        with:',
      '          use_oidc: ${{ !github.event.pull_request.head.repo.fork }}',
    ];
    await expectLeftAlone(
      wf(steps),
      /job build: whether codecov\/codecov-action needs id-token: write depends on an input/,
    );
  });

  test('actions/github-script calls map to scopes; calls it cannot follow leave the workflow alone', async () => {
    const steps = [
      '      - uses: actions/github-script@v7',
      '        with:',
      '          script: |',
      '            const { data } = await github.rest.pulls.get({ ...context.repo, pull_number: 1 });',
      '            await github.rest.issues.createComment({ ...context.repo, issue_number: 1, body: `${{ github.sha }}` });',
    ];
    await expectHardened(
      wf(steps),
      hardenedNone(steps, [
        '    permissions:',
        '      issues: write  # for actions/github-script to call issues.createComment',
        '      pull-requests: read  # for actions/github-script to call pulls.get',
      ]),
    );
    const request = [
      '      - uses: actions/github-script@v7',
      '        with:',
      "          script: await github.request('POST /repos/o/r/dispatches')",
    ];
    await expectLeftAlone(wf(request), /github\.request or github\.graphql/);
    const handedOn = [
      '      - uses: actions/github-script@v7',
      '        with:',
      "          script: require('./scripts/label.js')({ github, context })",
    ];
    const r = await expectLeftAlone(wf(handedOn), /hands the API client/);
    expect(r.notes.join('\n')).toMatch(/runs code from a file/);
  });

  test('a gh command or program not understood with the token leaves the workflow alone', async () => {
    const gh = ['      - run: gh secret set X --body y', '        env:', '          GH_TOKEN: ${{ github.token }}'];
    await expectLeftAlone(wf(gh), /job build: `gh secret set` is run with the token and is not understood/);
    const script = ['      - run: ./release.sh', '        env:', '          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}'];
    await expectLeftAlone(
      wf(script),
      /job build: the token is used in a run script in a way not understood \(`release\.sh` runs with it\)/,
    );
    const curl = [
      '      - run: |',
      '          curl -H "Authorization: Bearer ${{ github.token }}" https://api.github.com/repos/o/r',
    ];
    await expectLeftAlone(wf(curl), /`curl` runs with it/);
  });

  test('an action not in the knowledge base leaves the workflow unchanged, with a note', async () => {
    const src = wf(['      - uses: actions/checkout@v4', '      - uses: some-org/mystery-action@v1']);
    const message =
      'permissions not added: job build: some-org/mystery-action is not in the knowledge base, and its action.yml could not be read (some-org/mystery-action was not found or is not accessible)';
    const r = await expectLeftAlone(
      src,
      /^permissions not added: job build: some-org\/mystery-action is not in the knowledge base/,
    );
    expect(r.report.findings).toEqual([
      {
        rule: 'token-permissions',
        severity: 'medium',
        confidence: 'high',
        path: WF,
        line: 8,
        column: 9,
        message,
        fixed: false,
        help: tokenPermissions.help,
      },
    ]);
  });

  test('the token in job or workflow env leaves the workflow unchanged, with a note', async () => {
    const job = yaml(
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      GH_TOKEN: ${{ github.token }}',
      '    steps:',
      '      - run: make',
    );
    await expectLeftAlone(job, /job build: the token is set in the job's env \(GH_TOKEN\)/);
    const top = yaml(
      'on: push',
      'env:',
      '  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make',
    );
    await expectLeftAlone(top, /the token is set in the workflow's env \(GITHUB_TOKEN\)/);
  });

  test('remote reusable workflows and unreadable local actions are unknown', async () => {
    const call = yaml('on: push', 'jobs:', '  call:', '    uses: octo-org/reusable/.github/workflows/ci.yml@v1');
    await expectLeftAlone(
      call,
      /job call calls the reusable workflow octo-org\/reusable\/\.github\/workflows\/ci\.yml@v1/,
    );
    await expectLeftAlone(
      wf(['      - uses: ./.github/actions/setup']),
      /the local action \.\/\.github\/actions\/setup is not among the files given/,
    );
  });

  test('a docker:// step is unknown only when it is given the token', async () => {
    const quiet = ['      - uses: docker://alpine:3.20', '        with:', '          args: echo hi'];
    await expectHardened(wf(quiet), hardenedNone(quiet));
    const given = ['      - uses: docker://alpine:3.20', '        env:', '          GITHUB_TOKEN: ${{ github.token }}'];
    await expectLeftAlone(wf(given), /docker:\/\/alpine:3\.20 is given the token/);
  });

  test('reads local composite actions and local reusable workflows', async () => {
    const action = yaml(
      'inputs:',
      '  token:',
      '    default: ${{ github.token }}',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - run: gh release upload v1 dist/*',
      '      shell: bash',
      '      env:',
      '        GH_TOKEN: ${{ inputs.token }}',
    );
    const steps = ['      - uses: ./.github/actions/upload'];
    await expectHardened(
      wf(steps),
      hardened(steps, [
        '    permissions:',
        '      contents: write  # for gh release upload in ./.github/actions/upload to upload release assets',
      ]),
      { '.github/actions/upload/action.yml': action },
    );
    const callee = yaml(
      'on: workflow_call',
      'jobs:',
      '  pr:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: peter-evans/create-pull-request@v7',
    );
    const caller = yaml('on: push', 'jobs:', '  call:', '    uses: ./.github/workflows/pr.yml');
    await expectHardened(
      caller,
      yaml(
        'on: push',
        ...TOP.slice(0, 2),
        'jobs:',
        '  call:',
        '    uses: ./.github/workflows/pr.yml',
        '    permissions:',
        '      contents: write  # for peter-evans/create-pull-request in ./.github/workflows/pr.yml to push the pull request branch',
        '      pull-requests: write  # for peter-evans/create-pull-request in ./.github/workflows/pr.yml to create or update the pull request',
      ),
      { '.github/workflows/pr.yml': callee },
    );
  });

  test('git push after a checkout that persisted another token needs nothing from GITHUB_TOKEN', async () => {
    const steps = [
      '      - uses: actions/checkout@v4',
      '        with:',
      '          token: ${{ secrets.BOT_PAT }}',
      '      - run: git push',
    ];
    await expectHardened(wf(steps), hardened(steps));
  });

  test('a reusable workflow (on: workflow_call) is hardened like any other', async () => {
    const steps = ['      - uses: actions/checkout@v4', '      - run: git push'];
    const head = ['on:', '  workflow_call:', ''];
    await expectHardened(
      wf(steps, head),
      hardened(steps, ['    permissions:', '      contents: write  # for git push to push commits'], head),
    );
  });
});

describe('token-permissions: existing permissions', () => {
  test('an existing top-level block is respected: nothing is added, not even job blocks', async () => {
    const src = yaml(
      'on: push',
      'permissions:',
      '  contents: read',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/stale@v9',
    );
    const r = await once(src);
    expect(r.changed).toBe(false);
    expect(r.notes).toEqual([]);
  });

  test('write-all is reported; with every job known it is narrowed, id-token going to jobs that run code', async () => {
    const top = yaml(
      'on: push',
      'permissions: write-all',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make',
    );
    const r = await once(top);
    expect(r.text).toBe(
      yaml(
        'on: push',
        'permissions: {}',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    permissions:',
        '      id-token: write  # for its run steps or actions, which may request an OIDC token (granted by write-all before)',
        '    steps:',
        '      - run: make',
      ),
    );
    expect(r.report.findings).toEqual([
      expect.objectContaining({
        line: 2,
        column: 1,
        severity: 'high',
        message: expect.stringMatching(/^permissions: write-all gives every job write access/),
        fixed: false,
      }),
      expect.objectContaining({
        line: 2,
        message: expect.stringMatching(
          /^narrowed top-level permissions: write-all to \{\}; job-level permissions for build/,
        ),
        fixed: true,
      }),
    ]);
    const readAll = await once(top.replace('write-all', 'read-all'));
    expect(readAll.text).toBe(top.replace('write-all', '{}'));
    expect(readAll.notes).toEqual([]);
    const unknown = top.replace('      - run: make', '      - uses: some-org/mystery-action@v1');
    const left = await once(unknown);
    expect(left.changed).toBe(false);
    expect(left.notes).toContainEqual(
      expect.stringMatching(
        /^permissions: write-all not narrowed: job build: some-org\/mystery-action is not in the knowledge base/,
      ),
    );
  });

  test('a job with its own block is kept and counts as known; write-all on it is reported', async () => {
    const src = yaml(
      'on: push',
      '',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    permissions: write-all',
      '    steps:',
      '      - uses: some-org/mystery-action@v1',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make test',
    );
    const r = await once(src);
    expect(r.text).toBe(src.replace('\njobs:', '\npermissions: {}\n\njobs:'));
    expect(r.notes).toEqual([
      'job deploy has permissions: write-all, which gives it write access to everything; list only the scopes it needs',
    ]);
  });
});

describe('token-permissions: editing', () => {
  test('keeps CRLF line endings', async () => {
    const steps = ['      - uses: actions/checkout@v4', '      - run: git push'];
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    await expectHardened(
      crlf(wf(steps)),
      crlf(hardened(steps, ['    permissions:', '      contents: write  # for git push to push commits'])),
    );
  });

  test('follows 4-space indentation', async () => {
    const src = yaml(
      'on:',
      '    push:',
      '',
      'jobs:',
      '    build:',
      '        runs-on: ubuntu-latest',
      '        steps:',
      '            - run: git push',
    );
    await expectHardened(
      src,
      yaml(
        'on:',
        '    push:',
        '',
        'permissions:',
        '    contents: read',
        '',
        'jobs:',
        '    build:',
        '        runs-on: ubuntu-latest',
        '        permissions:',
        '            contents: write  # for git push to push commits',
        '        steps:',
        '            - run: git push',
      ),
    );
  });

  test('goes above the comments that introduce jobs:, and adds no blank line where the file uses none', async () => {
    const src = yaml(
      'on: push',
      '# The jobs below run on every push.',
      '# Keep them fast.',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make',
    );
    await expectHardened(
      src,
      yaml(
        'on: push',
        'permissions: {}',
        '# The jobs below run on every push.',
        '# Keep them fast.',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: make',
      ),
    );
    const spaced = yaml(
      'on: push',
      '',
      '# The jobs',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make',
    );
    await expectHardened(
      spaced,
      yaml(
        'on: push',
        '',
        'permissions: {}',
        '',
        '# The jobs',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: make',
      ),
    );
  });

  test('inserts after a multi-line runs-on, keeping its comment', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: # where',
      '      - ubuntu-latest',
      '    steps:',
      '      - run: git push',
    );
    await expectHardened(
      src,
      yaml(
        'on: push',
        ...TOP.slice(0, 2),
        'jobs:',
        '  build:',
        '    runs-on: # where',
        '      - ubuntu-latest',
        '    permissions:',
        '      contents: write  # for git push to push commits',
        '    steps:',
        '      - run: git push',
      ),
    );
  });

  test('a flow-style jobs map is skipped and reported', async () => {
    await expectLeftAlone(
      yaml('on: push', 'jobs: {build: {runs-on: ubuntu-latest, steps: [{run: make}]}}'),
      /flow style/,
    );
  });

  test('a flow-style job that needs its own block leaves the workflow alone', async () => {
    const src = yaml('on: push', 'jobs:', '  build: {runs-on: ubuntu-latest, steps: [{run: git push}]}');
    await expectLeftAlone(src, /job build needs its own block but the job is written in flow style/);
  });

  test('an aliased job is unknown', async () => {
    const src = yaml(
      'on: push',
      'x-job: &job',
      '  runs-on: ubuntu-latest',
      '  steps:',
      '    - run: make',
      'jobs:',
      '  build: *job',
    );
    await expectLeftAlone(src, /job build is an alias or not a mapping/);
  });

  test('quoted keys, a BOM and jobs: as the first key', async () => {
    const src = yaml(
      '"jobs":',
      "  'build':",
      "    'runs-on': ubuntu-latest",
      '    steps:',
      '      - run: git push',
      "'on': push",
    );
    await expectHardened(
      '\uFEFF' + src,
      '\uFEFF' +
        yaml(
          'permissions:',
          '  contents: read',
          '"jobs":',
          "  'build':",
          "    'runs-on': ubuntu-latest",
          '    permissions:',
          '      contents: write  # for git push to push commits',
          '    steps:',
          '      - run: git push',
          "'on': push",
        ),
    );
  });

  test('an already hardened file is unchanged', async () => {
    const steps = ['      - uses: actions/checkout@v4', '      - run: git push'];
    const r = await once(
      hardened(steps, ['    permissions:', '      contents: write  # for git push to push commits']),
    );
    expect(r.changed).toBe(false);
    expect(r.notes).toEqual([]);
  });
});

describeCorpus('token-permissions: corpus', () => {
  test('every corpus workflow still parses after the rule, and a second run changes nothing', async () => {
    let changed = 0;
    for (const [, files] of corpusRepos()) {
      const first = await runHarden(Object.fromEntries(files), { rules });
      for (const path of first.changed) {
        changed++;
        expect(parsesCleanly(first.files[path]!)).toBe(true);
        expect(first.file(path).findings.some((f) => f.fixed)).toBe(true);
      }
      const second = await runHarden(first.files, { rules });
      expect(second.changed).toEqual([]);
    }
    expect(changed).toBeGreaterThan(0);
  });
});
