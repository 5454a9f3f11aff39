import { yaml } from './run-harden.js';

export const STEP_FORMS_WORKFLOW = '.github/workflows/ci.yml';
export const STEP_FORMS_ACTION = '.github/actions/build/action.yml';

/**
 * A workflow and a composite action that use every step form GitHub added (`parallel:`, `background:`, `wait:`,
 * `wait-all:`, `cancel:`) and `$/` same-repository references, with something for every rule to fix around them.
 */
export const STEP_FORMS_FILES: Record<string, string> = {
  [STEP_FORMS_WORKFLOW]: yaml(
    'on:',
    '  pull_request_target:',
    '  issues:',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - parallel:',
    '          - uses: actions/checkout@v4',
    '            with:',
    '              ref: ${{ github.event.pull_request.head.sha }}',
    '          - name: greet',
    '            run: echo "${{ github.event.issue.title }}"',
    '          - uses: $/.github/actions/build',
    '      - id: server',
    '        run: ./serve',
    '        background: true',
    '      - name: wait for the server',
    '        id: waited',
    '        wait: server',
    '      - wait: [server]',
    '      - cancel: server',
    '      - wait-all: true',
    '      - uses: actions/setup-node@v4',
    '  first-is-wait:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - wait-all: true',
    '      - run: gh issue comment 1 --body "${{ github.event.issue.body }}"',
    '        env:',
    '          GH_TOKEN: ${{ github.token }}',
    '  call:',
    '    uses: $/.github/workflows/reusable.yml',
    '    secrets: inherit',
  ),
  [STEP_FORMS_ACTION]: yaml(
    'name: build',
    'runs:',
    '  using: composite',
    '  steps:',
    '    - parallel:',
    '        - uses: actions/setup-node@v4',
    '        - run: echo "${{ github.event.issue.title }}"',
    '          shell: bash',
    '    - wait-all: true',
  ),
};
