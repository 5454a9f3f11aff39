import { harden } from '../../../src/harden/harden.js';
import { pinActions } from '../../../src/harden/rules/pin-actions/pin-actions.js';
import { staticActionResolver } from '../../../src/harden/resolver/static-action-resolver.js';
import type { FileRule } from '../../../src/harden/rule.js';
import { runHarden, SHA, TEST_REFS, yaml } from '../../support/run-harden.js';

const WF = '.github/workflows/ci.yml';
const GOOD = yaml(
  'on: push',
  'jobs:',
  '  b:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
);
const PINNED = GOOD.replace('actions/checkout@v4', `actions/checkout@${SHA.checkoutV4} # v4.2.2`);
const rules = [pinActions];

/** A stand-in rule whose single edit is whatever the test says, to exercise the engine's safety net. */
const fakeRule = (id: 'token-permissions' | 'harden-runner', make: FileRule['check']): FileRule => ({
  id,
  scope: 'file',
  kinds: ['workflow'],
  defaultEnabled: true,
  action: 'fix',
  severity: 'medium',
  confidence: 'high',
  help: 'test',
  title: 'test',
  explanation: 'test',
  check: make,
});

describe('harden engine', () => {
  test.each([
    ['invalid YAML', 'on: push\njobs: [\n', /invalid YAML at line \d+/],
    ['duplicate keys', 'on: push\non: pull_request\njobs: {}\n', /duplicate key/],
    ['tab indentation', 'on: push\njobs:\n\tb: {}\n', /tab/i],
    ['several documents', 'on: push\n---\non: pull_request\n', /2 YAML documents/],
    ['a scalar at the top', 'just text\n', /must be a mapping/],
  ])(
    '%s: the file gets a clear error and is left untouched; other files are still hardened',
    async (_name, bad, message) => {
      const r = await runHarden({ '.github/workflows/bad.yml': bad, [WF]: GOOD }, { rules });
      expect(r.file('.github/workflows/bad.yml')).toMatchObject({
        status: 'error',
        error: expect.stringMatching(message),
      });
      expect(r.changed).toEqual([WF]);
      expect(r.files[WF]).toBe(PINNED);
    },
  );

  test('non-UTF-8 bytes and files over 1 MiB are refused', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('name: caf'), 0xe9, 0x0a]);
    const big = 'on: push\n' + `# ${'x'.repeat(100)}\n`.repeat(11000);
    const r = await runHarden({ '.github/workflows/latin1.yml': latin1, '.github/workflows/big.yml': big }, { rules });
    expect(r.file('.github/workflows/latin1.yml').error).toBe('file is not valid UTF-8');
    expect(r.file('.github/workflows/big.yml').error).toMatch(/over 1048576 bytes/);
    expect(r.changed).toEqual([]);
  });

  test('an alias bomb is refused with bounded work', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(',')}]`,
      );
    const started = Date.now();
    const r = await runHarden({ [WF]: levels.join('\n') + '\non: push\n' }, { rules });
    expect(r.file(WF).error).toMatch(/alias bomb/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('keeps a BOM, document markers and a missing final newline', async () => {
    const src = '\uFEFF---\n' + GOOD.trimEnd() + '\n...';
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.files[WF]).toBe('\uFEFF---\n' + PINNED.trimEnd() + '\n...');
  });

  test('files the engine does not handle are ignored, not reported', async () => {
    const r = await runHarden({ 'README.md': '# hi', '.github/workflows/sub/x.yml': GOOD, [WF]: GOOD }, { rules });
    expect(r.report.files.map((f) => f.path)).toEqual([WF]);
  });

  test('an edit whose result does not match its declared change is discarded and reported; other rules keep theirs', async () => {
    const liar = fakeRule('token-permissions', async () => ({
      notes: [],
      // Claims to set permissions but writes a different value.
      edits: [
        {
          patches: [{ start: 0, end: 0, text: 'permissions: write-all\n' }],
          ops: [{ kind: 'set', path: ['permissions'], value: { contents: 'read' } }],
          line: 1,
          column: 1,
          message: 'set permissions',
        },
      ],
    }));
    const r = await runHarden({ [WF]: GOOD }, { rules: [pinActions, liar] });
    expect(r.files[WF]).toBe(PINNED);
    const finding = r.file(WF).findings.find((f) => f.rule === 'token-permissions')!;
    expect(finding).toMatchObject({
      fixed: false,
      message: expect.stringContaining('did not verify (the document changed in more places than intended)'),
    });
  });

  test('an edit that breaks the YAML is discarded', async () => {
    const breaker = fakeRule('harden-runner', async () => ({
      notes: [],
      edits: [
        {
          patches: [{ start: 0, end: 0, text: 'x: [\n' }],
          ops: [{ kind: 'set', path: ['x'], value: [] }],
          line: 1,
          column: 1,
          message: 'broken',
        },
      ],
    }));
    const r = await runHarden({ [WF]: GOOD }, { rules: [pinActions, breaker] });
    expect(r.files[WF]).toBe(PINNED);
    expect(r.file(WF).findings.find((f) => f.rule === 'harden-runner')!.message).toMatch(/invalid YAML/);
  });

  test('overlapping edits: the later rule yields and says so', async () => {
    const at = GOOD.indexOf('@v4') + 1;
    const overlap = fakeRule('harden-runner', async () => ({
      notes: [],
      edits: [
        {
          patches: [{ start: at, end: at + 2, text: 'v5' }],
          ops: [{ kind: 'set', path: ['jobs', 'b', 'steps', 0, 'uses'], value: 'actions/checkout@v5' }],
          line: 6,
          column: 15,
          message: 'bump',
        },
      ],
    }));
    const r = await runHarden({ [WF]: GOOD }, { rules: [pinActions, overlap] });
    expect(r.files[WF]).toBe(PINNED);
    expect(r.file(WF).findings.find((f) => f.rule === 'harden-runner')!.message).toMatch(
      /overlaps a change made by pin-actions/,
    );
  });

  test('a rule that throws is reported and the others still run', async () => {
    const thrower = fakeRule('harden-runner', async () => {
      throw new Error('boom');
    });
    const r = await runHarden({ [WF]: GOOD }, { rules: [thrower, pinActions] });
    expect(r.files[WF]).toBe(PINNED);
    expect(r.file(WF).findings.find((f) => f.rule === 'harden-runner')!.message).toMatch(
      /rule failed on this file and changed nothing: boom/,
    );
  });

  test('rules can be switched off', async () => {
    const r = await harden({
      files: new Map([[WF, new TextEncoder().encode(GOOD)]]),
      resolver: staticActionResolver(TEST_REFS),
      options: {
        rules: {
          'pin-actions': false,
          'harden-runner': false,
          'checkout-persist-credentials': false,
          'dependabot-actions': false,
          'token-permissions': false,
          'template-injection': false,
        },
      },
    });
    expect(r.changes.size).toBe(0);
  });

  test('the summary counts files, fixes and findings', async () => {
    const r = await runHarden({ [WF]: GOOD, '.github/workflows/bad.yml': 'a: [' }, { rules });
    expect(r.report.summary).toEqual({
      files: 2,
      changed: 1,
      unchanged: 0,
      errors: 1,
      fixed: 1,
      reported: 0,
      suppressed: 0,
      byRule: { 'pin-actions': { fixed: 1, reported: 0, suppressed: 0 } },
    });
  });
});
