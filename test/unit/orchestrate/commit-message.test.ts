import { commitMessage, isRampartCommit } from '../../../src/orchestrate/commit-message.js';

describe('commit message', () => {
  test('Rampart’s message carries the marker line that tells its commits apart', () => {
    const message = commitMessage('Harden workflows', [{ file: 'a.yml' }, { file: 'a.yml' }, { file: 'b.yml' }]);
    expect(message).toBe('Harden workflows\n\nRampart: 3 change(s) in 2 file(s).\n');
    expect(isRampartCommit(message)).toBe(true);
  });

  test.each([
    ['a human commit', 'Add notes\n'],
    ['a merge of the default branch', "Merge branch 'main' into rampart/harden-workflows\n"],
    ['the marker quoted inside a line', 'Revert "Rampart: 3 change(s) in 2 file(s)."\n'],
  ])('%s is not Rampart’s', (_name, message) => {
    expect(isRampartCommit(message)).toBe(false);
  });
});
