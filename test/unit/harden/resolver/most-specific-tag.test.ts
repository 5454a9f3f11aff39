import { mostSpecificTag } from '../../../../src/harden/resolver/most-specific-tag.js';

describe('mostSpecificTag', () => {
  test('prefers the full version extending the written ref', () => {
    expect(mostSpecificTag(['v4', 'v4.2', 'v4.2.2'], 'v4')).toBe('v4.2.2');
    expect(mostSpecificTag(['v4.2.2', 'v4', 'v4.2'], 'v4.2')).toBe('v4.2.2');
  });

  test('does not take a tag that merely shares a prefix', () => {
    expect(mostSpecificTag(['v1', 'v10.0.0', 'v1.0.1'], 'v1')).toBe('v1.0.1');
  });

  test('without a hint, the most components wins, stable before pre-release, then the longer name', () => {
    expect(mostSpecificTag(['v2', 'v2.1.0-rc.1', 'v2.1.0'])).toBe('v2.1.0');
    expect(mostSpecificTag(['latest', 'v3'])).toBe('v3');
    expect(mostSpecificTag(['nightly', 'edge-build'])).toBe('edge-build');
  });

  test('no tags, no comment', () => {
    expect(mostSpecificTag([], 'v1')).toBeNull();
  });
});
