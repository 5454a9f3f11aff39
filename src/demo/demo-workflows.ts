/**
 * Workflow files for the demo's repositories. Except where noted, each is copied unchanged from a public repository
 * (through the test corpus of real workflows, whose manifest gives the commit); each source repository keeps its own licence:
 * eslint/eslint (MIT), actions/checkout (MIT), square/okhttp (Apache-2.0), babel/babel (MIT), tokio-rs/tokio (MIT).
 */

/** eslint/eslint .github/workflows/docs-ci.yml @ c27bc926 */
export const ESLINT_DOCS_CI = `name: Docs CI
on:
    push:
        branches: [main]
        paths:
            - "docs/**"

    pull_request:
        branches: [main]
        paths:
            - "docs/**"

permissions:
    contents: read

jobs:
    verify_files:
        name: Verify Docs Files
        runs-on: ubuntu-latest
        steps:
            - uses: actions/checkout@v7
            - uses: actions/setup-node@v7
              with:
                  node-version: "24" # Should be the same as the version used on Netlify to build the docs site

            - name: Install Docs Packages
              working-directory: docs
              run: npm install

            - name: Install Packages
              run: npm install

            - name: Stylelint Docs
              working-directory: docs
              run: npm run lint:scss

            - name: Build Docs Website
              working-directory: docs
              run: npm run build

            - name: Validate internal links
              working-directory: docs
              run: npm run lint:links
`;

/** actions/checkout .github/workflows/check-dist.yml @ f548e57e */
export const CHECKOUT_CHECK_DIST = `# \`dist/index.js\` is a special file in Actions.
# When you reference an action with \`uses:\` in a workflow,
# \`index.js\` is the code that will run.
# For our project, we generate this file through a build process
# from other source files.
# We need to make sure the checked-in \`index.js\` actually matches what we expect it to be.
name: Check dist

on:
  push:
    branches:
      - main
    paths-ignore:
      - '**.md'
  pull_request:
    paths-ignore:
      - '**.md'
  workflow_dispatch:

jobs:
  check-dist:
    runs-on: ubuntu-latest

    steps:
      - uses: actions/checkout@v7

      - name: Set Node.js 24.x
        uses: actions/setup-node@v6
        with:
          node-version: 24.x

      - name: Install dependencies
        run: npm ci

      - name: Rebuild the index.js file
        run: npm run build

      - name: Compare the expected and actual dist/ directories
        run: |
          if [ "$(git diff --ignore-space-at-eol dist/ | wc -l)" -gt "0" ]; then
            echo "Detected uncommitted changes after build.  See status below:"
            git diff
            exit 1
          fi

      # If dist/ was different than expected, upload the expected version as an artifact
      - uses: actions/upload-artifact@v7
        if: \${{ failure() && steps.diff.conclusion == 'failure' }}
        with:
          name: dist
          path: dist/
`;

/** square/okhttp .github/workflows/docs.yml @ 1682d9ba */
export const OKHTTP_DOCS = `name: docs

on:
  push:
    branches:
      - master
  pull_request:
    types: [opened, labeled, unlabeled, synchronize]

permissions:
  contents: read

env:
  GRADLE_OPTS: "-Dorg.gradle.jvmargs=-Xmx4g -Dorg.gradle.daemon=false -Dkotlin.incremental=false"

jobs:
  test_docs:
    permissions:
      checks: write # for actions/upload-artifact
    runs-on: ubuntu-latest
    if: github.ref == 'refs/heads/master' || contains(github.event.pull_request.labels.*.name, 'documentation')

    steps:
      - name: Checkout
        uses: actions/checkout@v7

      - name: Configure JDK
        uses: actions/setup-java@v5
        with:
          distribution: 'temurin'
          java-version: 21

      - uses: actions/setup-python@v6
        with:
          python-version: 3.x

      - run: pip install mkdocs-material mkdocs-redirects

      - name: Generate Docs
        run: ./test_docs.sh

      - uses: actions/upload-artifact@v7
        with:
          name: docs
          path: site/
`;

/** babel/babel .github/workflows/repl.yml @ 1da3cfa1 (a pull_request_target workflow: Rampart reports it) */
export const BABEL_REPL = `name: REPL

on: [pull_request_target]

permissions:
  contents: read

concurrency:
  group: \${{ github.workflow }}-\${{ github.head_ref }}
  cancel-in-progress: true

jobs:
  repl-comment:
    name: Create or update REPL comment
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - uses: actions/github-script@v8
        with:
          github-token: \${{ secrets.BOT_TOKEN }}
          script: |
            const { default: repl } = await import('\${{ github.workspace }}/scripts/actions/repl.ts');
            await repl(github, context);
`;

/**
 * tokio-rs/tokio .github/workflows/audit.yml @ ea91b33c, adapted: its cargo-deny step became actions/cache so every
 * action has a seeded tag. Used for the already-hardened repository (Rampart hardens it once at start).
 */
export const TOKIO_AUDIT = `name: Security Audit

on:
  push:
    branches:
      - master
    paths:
      - '**/Cargo.toml'
  schedule:
    - cron: '0 2 * * *' # run at 2 AM UTC

permissions:
  contents: read

jobs:
  cargo-deny:
    permissions:
      checks: write
      contents: read
      issues: write
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v7
    - uses: actions/cache@v6
      with:
        path: ~/.cargo
        key: cargo-\${{ hashFiles('**/Cargo.lock') }}
`;

/** Written for the demo: a workflow with an unclosed flow sequence, which Rampart reports and leaves alone. */
export const MALFORMED = `name: Nightly
on: [push, schedule
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v7
`;
