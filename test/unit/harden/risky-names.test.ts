import { riskyWord } from '../../../src/harden/run-scripts/risky-names.js';

describe('names that say a command may push or publish', () => {
  test.each([
    ['release', 'release'],
    ['scripts/release.sh', 'release'],
    ['Publish to PyPI', 'publish'],
    ['deploy_docs', 'deploy'],
    ['gh-pages', 'pages'],
    ['build-docs', 'docs'],
    ['doc', 'doc'],
    ['tag-release', 'tag'],
    ['bumpVersion', 'bump'],
    ['version', 'version'],
    ['auto-commit', 'commit'],
    ['push-image', 'push'],
    ['Releasing', 'releasing'],
  ])('%s says %s', (name, word) => {
    expect(riskyWord(name)).toBe(word);
  });

  test.each(['test', 'build', 'lint', 'tagline', 'documents', 'pushover', 'ci/build.sh', 'make'])(
    '%s says nothing',
    (name) => {
      expect(riskyWord(name)).toBeUndefined();
    },
  );
});
