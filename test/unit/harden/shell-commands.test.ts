import { shellCommands, splitWords } from '../../../src/harden/shell/shell-commands.js';

const programs = (script: string) =>
  shellCommands(script)
    .filter((c) => c.words.length > 0)
    .map((c) => c.words.join(' '));

describe('shellCommands reads scripts as the shell does', () => {
  test('words keep quoted blanks and lose their quotes', () => {
    expect(splitWords(`git -c "user.name=A B" push 'x y' a\\ b "q\\"t"`)).toEqual([
      'git',
      '-c',
      'user.name=A B',
      'push',
      'x y',
      'a b',
      'q"t',
    ]);
  });

  test('an assignment with blanks in quotes comes before the program (zstd, tokio)', () => {
    expect(shellCommands('CFLAGS="-O0 -Werror" make -j2 test')).toEqual([
      expect.objectContaining({ words: ['make', '-j2', 'test'], assignments: ['CFLAGS=-O0 -Werror'] }),
    ]);
    expect(programs('GIT_TRACE="1 2" git push origin HEAD')).toEqual(['git push origin HEAD']);
  });

  test('a quoted <<EOF is text, not a heredoc: the commands after it are read (the $GITHUB_OUTPUT idiom)', () => {
    const script = [
      'echo "paths<<EOF" >> "$GITHUB_OUTPUT"',
      'git push origin HEAD',
      'echo EOF >> "$GITHUB_OUTPUT"',
    ].join('\n');
    expect(programs(script)).toContain('git push origin HEAD');
    const real = ['cat <<EOF > out.txt', 'git push is only text here', 'EOF', 'make'].join('\n');
    expect(programs(real).map((p) => p.split(' ')[0])).toEqual(['cat', 'make']);
  });

  test('sudo, env, time and xargs options (and their values) are skipped to the program', () => {
    expect(programs('sudo -E PATH=$PATH make install')).toEqual(['make install']);
    expect(programs('sudo -u bot git push')).toEqual(['git push']);
    expect(programs('env -u HOME GIT_DIR=x git push')).toEqual(['git push']);
    expect(programs('time -p git push')).toEqual(['git push']);
    expect(programs('ls | xargs -I {} gh pr close {}')).toEqual(['ls', 'gh pr close {}']);
  });

  test('a command substitution inside [[ ]] is read; a regex in [[ ]] is not split', () => {
    expect(programs('if [[ -z $(git status -s) ]]; then echo clean; fi')).toContain('git status -s');
    expect(programs('[[ $ref =~ ^(main|dev)$ ]] && git push')).toEqual(['[[ $ref =~ ^(main|dev)$ ]]', 'git push']);
  });

  test('array and += assignments, redirections before the program, process substitution', () => {
    expect(programs('files+=("${file}")\noptions+=" -Dx"\ngit push')).toEqual(['git push']);
    expect(programs('while read -r f; do echo "$f"; done < <(git ls-files)')).toEqual([
      'read -r f',
      'echo $f',
      'git ls-files',
    ]);
    expect(programs('(echo > /dev/tcp/localhost/80) 2>/dev/null')).toEqual(['echo > /dev/tcp/localhost/80']);
  });
});
