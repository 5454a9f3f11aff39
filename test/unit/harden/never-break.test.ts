import { checkoutPersistCredentials } from '../../../src/harden/rules/checkout-persist-credentials/checkout-persist-credentials.js';
import { tokenPermissions } from '../../../src/harden/rules/token-permissions/token-permissions.js';
import { staticActionResolver } from '../../../src/harden/resolver/static-action-resolver.js';
import { runHarden, SHA, TEST_REFS, yaml } from '../../support/run-harden.js';

const WF = '.github/workflows/release.yml';
const rules = [tokenPermissions, checkoutPersistCredentials];

/** One job `release` (name optional) that checks out and then runs `steps`. */
const job = (steps: string[], opts: { name?: string; id?: string } = {}) =>
  yaml(
    'on: push',
    'jobs:',
    `  ${opts.id ?? 'release'}:`,
    ...(opts.name ? [`    name: ${opts.name}`] : []),
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    ...steps,
  );

async function run(text: string, extra: Record<string, string> = {}, resolver = staticActionResolver(TEST_REFS)) {
  const r = await runHarden({ [WF]: text, ...extra }, { rules, resolver });
  const report = r.file(WF);
  return {
    text: r.files[WF]!,
    notes: report.findings.filter((f) => !f.fixed).map((f) => f.message),
    fixed: report.findings.filter((f) => f.fixed).map((f) => f.message),
  };
}

/** The job keeps its credential (no persist-credentials added) and gets contents: write. */
async function expectPushKept(text: string, extra: Record<string, string> = {}) {
  const r = await run(text, extra);
  expect(r.text).not.toMatch(/persist-credentials/);
  expect(r.notes.join('\n')).toMatch(/^job \S+ uses the persisted git credential later/m);
  expect(r.text).toMatch(/^ {6}contents: write {2}# for /m);
  return r;
}

describe('jobs that push without a literal git push keep what they need', () => {
  test.each([
    ['mkdocs gh-deploy', '      - run: mkdocs gh-deploy --force'],
    ['python -m mkdocs gh-deploy', '      - run: python -m mkdocs gh-deploy'],
    ['poetry run mkdocs gh-deploy', '      - run: poetry run mkdocs gh-deploy --clean'],
    ['mike deploy --push', '      - run: mike deploy --push --update-aliases 1.2 latest'],
    ['ghp-import -p (combined flags)', '      - run: ghp-import -n -p -f docs/_build/html'],
    ['npx gh-pages', '      - run: npx gh-pages -d dist'],
    ['changeset publish through yarn', '      - run: yarn changeset publish'],
    ['release-it', '      - run: npx release-it --ci'],
    ['lerna publish', '      - run: npx lerna publish from-git --yes'],
    ['cargo release --execute', '      - run: cargo release --execute --no-confirm'],
    ['tbump', '      - run: tbump --non-interactive 1.2.3'],
    ['mvn release:prepare', '      - run: mvn -B release:prepare release:perform'],
    ['git subtree push', '      - run: git subtree push --prefix dist origin gh-pages'],
    ['sudo and env wrappers', '      - run: sudo env HOME=/root git push origin HEAD'],
    ['sudo -u with a value', '      - run: sudo -u bot git push'],
    ['git -c with a quoted value', '      - run: git -c "user.name=Release Bot" push'],
    [
      'after a quoted <<EOF',
      '      - run: |\n          echo "out<<EOF" >> "$GITHUB_OUTPUT"\n          git push\n          echo EOF >> "$GITHUB_OUTPUT"',
    ],
    ['stefanzweifel/git-auto-commit-action', '      - uses: stefanzweifel/git-auto-commit-action@v5'],
    ['EndBug/add-and-commit', '      - uses: EndBug/add-and-commit@v9'],
  ])('%s', async (_label, step) => {
    await expectPushKept(job([step]));
  });

  test('semantic-release with the token gets the scopes its documentation lists', async () => {
    const r = await expectPushKept(
      job(['      - run: npx semantic-release', '        env:', '          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}']),
    );
    expect(r.text).toMatch(/issues: write {2}# for semantic-release to comment on released issues/);
    expect(r.text).toMatch(/pull-requests: write {2}# for semantic-release to comment on released pull requests/);
  });

  test('goreleaser with the token in its env needs contents: write but not the git credential', async () => {
    const r = await run(
      job([
        '      - run: goreleaser release --clean',
        '        env:',
        '          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      ]),
    );
    expect(r.text).toMatch(/contents: write {2}# for goreleaser release to create the GitHub release/);
    expect(r.text).toMatch(/persist-credentials: false/);
  });

  test('flags that keep a tool from pushing are read: mike without --push, gh-pages --no-push, semantic-release --dry-run', async () => {
    for (const step of [
      '      - run: mike deploy 1.2',
      '      - run: npx gh-pages -d dist --no-push',
      '      - run: npx semantic-release --dry-run',
    ]) {
      const r = await run(job([step], { id: 'build' }));
      expect(r.text).toMatch(/persist-credentials: false/);
      expect(r.text).not.toMatch(/contents: write/);
    }
  });
});

describe('commands Rampart cannot see into are undeterminable when a name says they may push', () => {
  test('make publish: token and credential kept, with the exact finding', async () => {
    const r = await run(job(['      - run: make publish']));
    expect(r.text).toBe(job(['      - run: make publish']));
    const why =
      '`make publish` runs a make target whose recipe Rampart cannot read, and its name says "publish", so it may push or publish';
    expect(r.notes).toEqual([
      `job release uses the persisted git credential later (${why}, line 7); persist-credentials left as it is`,
      `permissions not added: job release: ${why}`,
    ]);
  });

  test('a local script that is not given: its path says release', async () => {
    const r = await run(job(['      - run: ./scripts/release.sh'], { id: 'ship' }));
    expect(r.notes).toContain(
      'permissions not added: job ship: `./scripts/release.sh` runs a local script that is not among the files Rampart was given, and its path says "release", so it may push or publish',
    );
    expect(r.text).not.toMatch(/persist-credentials/);
  });

  test('npm run deploy without package.json; the job name alone makes make build undeterminable', async () => {
    const npm = await run(job(['      - run: npm run deploy'], { id: 'site' }));
    expect(npm.notes).toContain(
      'permissions not added: job site: `npm run deploy` runs a package script that Rampart cannot read, and its name says "deploy", so it may push or publish',
    );
    const named = await run(job(['      - run: make'], { id: 'site', name: 'Publish docs' }));
    expect(named.notes).toContain(
      'permissions not added: job site: `make` runs a make target whose recipe Rampart cannot read, and the job\'s name says "publish", so it may push or publish',
    );
    const stepName = await run(job(['      - name: Bump version', '        run: bash ci/build.sh'], { id: 'ci' }));
    expect(stepName.notes).toContain(
      'permissions not added: job ci: `ci/build.sh` runs a local script that is not among the files Rampart was given, and the step\'s name says "bump", so it may push or publish',
    );
  });

  test('a local script among the files given is judged by its content', async () => {
    const pushes = await run(job(['      - run: ./scripts/release.sh']), {
      'scripts/release.sh': '#!/bin/sh\nset -e\ngit tag "v$1"\ngit push origin --tags\n',
    });
    expect(pushes.text).toMatch(/contents: write {2}# for git push in scripts\/release\.sh to push commits/);
    expect(pushes.text).not.toMatch(/persist-credentials/);
    const quiet = await run(job(['      - run: bash scripts/release.sh'], { id: 'build' }), {
      'scripts/release.sh': 'echo building\nmake dist\n',
    });
    expect(quiet.notes).toEqual([]);
    expect(quiet.text).toMatch(/persist-credentials: false/);
    expect(quiet.text).toMatch(/^permissions:\n {2}contents: read$/m);
  });

  test('package.json scripts are read when given: npm run deploy → gh-pages', async () => {
    const pkg = JSON.stringify({
      scripts: { predeploy: 'npm run build', deploy: 'gh-pages -d build', build: 'vite build' },
    });
    const r = await run(job(['      - run: npm run deploy'], { id: 'site' }), { 'package.json': pkg });
    expect(r.text).toMatch(/contents: write {2}# for gh-pages in the package script deploy to push commits/);
    const none = await run(job(['      - run: npm publish'], { id: 'site' }), {
      'package.json': JSON.stringify({ scripts: { test: 'jest' } }),
    });
    expect(none.notes).toEqual([]);
  });

  test('no name says push: make test stays determinable; without a checkout nothing can push with the credential', async () => {
    const test_ = await run(job(['      - run: make test'], { id: 'test' }));
    expect(test_.notes).toEqual([]);
    const noCheckout = yaml(
      'on: push',
      'jobs:',
      '  release:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make publish',
    );
    const r = await run(noCheckout);
    expect(r.notes).toEqual([]);
    expect(r.text).toMatch(/^permissions: \{\}$/m);
  });

  test('steps run in parallel with the checkout count as later: a sibling that pushes keeps the credential', async () => {
    const text = yaml(
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: git push origin HEAD',
      '        background: true',
      '      - uses: actions/checkout@v4',
    );
    const r = await run(text);
    expect(r.text).not.toMatch(/persist-credentials/);
  });
});

describe('permissions job by job', () => {
  test('a known job gets its own block while an unknown one keeps the default, and no top-level block is added', async () => {
    const text = yaml(
      'on: push',
      'jobs:',
      '  release:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: softprops/action-gh-release@v2',
      '  lint:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo ok',
      '  mystery:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: some-org/mystery-action@v1',
    );
    const r = await run(text);
    expect(r.text).toBe(
      text
        .replace(
          '  release:\n    runs-on: ubuntu-latest\n',
          '  release:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write  # for softprops/action-gh-release to create the release\n',
        )
        .replace('  lint:\n    runs-on: ubuntu-latest\n', '  lint:\n    runs-on: ubuntu-latest\n    permissions: {}\n'),
    );
    expect(r.notes).toEqual([
      expect.stringMatching(
        /^permissions not added: job mystery: some-org\/mystery-action is not in the knowledge base/,
      ),
    ]);
  });

  test('a top-level block with writes is narrowed when every job is known: writes move to the jobs that need them', async () => {
    const text = yaml(
      'on: push',
      'permissions:',
      '  contents: write  # releases',
      '  pull-requests: read',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: make test',
      '  release:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: softprops/action-gh-release@v2',
    );
    const r = await runHarden({ [WF]: text }, { rules: [tokenPermissions] });
    expect(r.files[WF]).toBe(
      text
        .replace('  contents: write  # releases', '  contents: read  # releases')
        .replace(
          '  release:\n    runs-on: ubuntu-latest\n',
          '  release:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write  # for softprops/action-gh-release to create the release\n      pull-requests: read\n',
        ),
    );
  });

  test('dessant/lock-threads needs only the scopes of the thread types process-only names', async () => {
    const text = yaml(
      'on: schedule',
      'jobs:',
      '  lock:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: dessant/lock-threads@v5',
      '        with:',
      '          process-only: issues',
    );
    const r = await run(text);
    expect(r.text).toMatch(/permissions:\n {6}issues: write {2}# for dessant\/lock-threads to lock issues\n {4}steps/);
    const all = await run(text.replace('          process-only: issues', "          process-only: ''"));
    expect(all.text).toMatch(/discussions: write[^\n]*\n {6}issues: write[^\n]*\n {6}pull-requests: write/);
  });
});

describe('actions the knowledge base lacks are read from their action.yml', () => {
  const ACTION_SHA = 'a'.repeat(40);
  const resolverWith = (text: string) =>
    staticActionResolver({ ...TEST_REFS, 'some-org/tool': { tags: { v1: ACTION_SHA }, actions: { '': text } } });
  const wfUsing = yaml(
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: some-org/tool@v1',
  );

  test('a JavaScript action with no token input and no token given needs nothing, but may push, so the checkout is kept', async () => {
    const r = await run(
      wfUsing,
      {},
      resolverWith('name: tool\ninputs:\n  path:\n    default: .\nruns:\n  using: node20\n  main: index.js\n'),
    );
    expect(r.text).toMatch(/^permissions:\n {2}contents: read$/m);
    expect(r.notes).toEqual([
      'job build uses the persisted git credential later (some-org/tool@v1, whose code Rampart cannot read, so it may push with it, line 7); persist-credentials left as it is',
    ]);
  });

  test('a JavaScript action whose input defaults to github.token is unknown', async () => {
    const r = await run(
      wfUsing,
      {},
      resolverWith(
        'name: tool\ninputs:\n  token:\n    default: ${{ github.token }}\nruns:\n  using: node20\n  main: index.js\n',
      ),
    );
    expect(r.notes).toContain(
      'permissions not added: job build: some-org/tool@v1 is a node20 action whose code Rampart cannot read, and its input token gets the token',
    );
  });

  test('a Docker action whose action.yml hands itself the token is unknown', async () => {
    const r = await run(
      wfUsing,
      {},
      resolverWith(
        'name: tool\nruns:\n  using: docker\n  image: Dockerfile\n  env:\n    GITHUB_TOKEN: ${{ github.token }}\n',
      ),
    );
    expect(r.notes).toContain(
      'permissions not added: job build: some-org/tool@v1 is a docker action whose code Rampart cannot read, and its action.yml names the token',
    );
  });

  test('a composite action is judged by its own steps', async () => {
    const composite = yaml(
      'name: comment',
      'inputs:',
      '  token:',
      '    default: ${{ github.token }}',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - run: gh pr comment "$PR" --body done',
      '      shell: bash',
      '      env:',
      '        GH_TOKEN: ${{ inputs.token }}',
    );
    const r = await run(wfUsing, {}, resolverWith(composite));
    expect(r.text).toMatch(/pull-requests: write {2}# for gh pr comment in some-org\/tool to comment on pull requests/);
    expect(r.text).toMatch(/persist-credentials: false/);
  });

  test('without metadata (offline) the action stays unknown', async () => {
    const offline = { ...staticActionResolver(TEST_REFS) };
    delete (offline as { actionMetadata?: unknown }).actionMetadata;
    const r = await run(wfUsing.replace('some-org/tool@v1', `some-org/tool@${SHA.mainBranch}`), {}, offline);
    expect(r.notes).toContain(
      'permissions not added: job build: some-org/tool is not in the knowledge base, and its action.yml was not read (offline, or no resolver that can read it)',
    );
  });
});
