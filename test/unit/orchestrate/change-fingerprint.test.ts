import { changeFingerprint, fingerprintMarker, fingerprintOf } from '../../../src/orchestrate/change-fingerprint.js';

const enc = new TextEncoder();
const files = (o: Record<string, string>) => new Map(Object.entries(o).map(([p, t]) => [p, enc.encode(t)]));
const WF = '.github/workflows/ci.yml';

describe('change fingerprints', () => {
  const before = files({ [WF]: 'on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n' });
  const after = files({ [WF]: 'on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@abc # v4\n' });

  test('the same change gives the same fingerprint, even when unrelated lines around it moved', () => {
    const fp = changeFingerprint(before, after);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    const movedBefore = files({ [WF]: '# CI\non: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n' });
    const movedAfter = files({
      [WF]: '# CI\non: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@abc # v4\n',
    });
    expect(changeFingerprint(movedBefore, movedAfter)).toBe(fp);
    // CRLF files changed the same way are the same change.
    const crlf = (m: Map<string, Uint8Array>) =>
      new Map([...m].map(([p, b]) => [p, enc.encode(new TextDecoder().decode(b).replaceAll('\n', '\r\n'))]));
    expect(changeFingerprint(crlf(before), crlf(after))).toBe(fp);
  });

  test('a different change, another file, or a created file gives another fingerprint', () => {
    const fp = changeFingerprint(before, after);
    expect(
      changeFingerprint(
        before,
        files({ [WF]: 'on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@def # v4\n' }),
      ),
    ).not.toBe(fp);
    expect(
      changeFingerprint(before, new Map([...after, ['.github/dependabot.yml', enc.encode('version: 2\n')]])),
    ).not.toBe(fp);
    expect(changeFingerprint(files({}), after)).not.toBe(fp);
  });

  test('the marker in a pull request body round-trips; a body without one has none', () => {
    const fp = changeFingerprint(before, after);
    expect(fingerprintOf(`<!-- rampart:harden-workflows v1 -->\n${fingerprintMarker(fp)}\nbody`)).toBe(fp);
    expect(fingerprintOf('a pull request body written by hand')).toBeNull();
  });
});
