import { describe, expect, it } from 'vitest';
import { isDangerousCommand, isKnownSafeCommand } from './safeCommands.js';

const bash = (script: string) => ['bash', '-lc', script];

describe('isKnownSafeCommand: direct argv', () => {
  it.each([
    ['cat', 'README.md'],
    ['cd', '..'],
    ['cut', '-d,', '-f1', 'x.csv'],
    ['echo', 'hi'],
    ['expr', '1', '+', '2'],
    ['false'],
    ['grep', '-rn', 'TODO', 'src'],
    ['head', '-n', '5', 'f'],
    ['id'],
    ['ls', '-la'],
    ['nl', 'f'],
    ['paste', 'a', 'b'],
    ['pwd'],
    ['rev', 'f'],
    ['seq', '1', '3'],
    ['stat', 'f'],
    ['tail', '-f', 'log'],
    ['tr', 'a-z', 'A-Z'],
    ['true'],
    ['uname', '-a'],
    ['uniq', '-c'],
    ['wc', '-l', 'f'],
    ['which', 'node'],
    ['whoami'],
    ['/bin/ls'],
    ['/usr/bin/cat', 'f'],
    ['base64', 'f'],
    ['base64', '-d', 'f'],
    ['find', '.', '-name', '*.ts'],
    ['find', '.', '-type', 'f', '-print'],
    ['rg', 'foo'],
    ['rg', '-n', '--hidden', 'foo', 'src'],
    ['rg', '-e', 'x', '-g', '*.rs'],
    ['sed', '-n', '10p'],
    ['sed', '-n', '1,5p', 'file.txt'],
    ['sed', '-n', '100,200p', 'a b.txt'],
  ])('%j is safe', (...argv) => {
    expect(isKnownSafeCommand(argv)).toBe(true);
  });

  it('numfmt and tac are safe on Linux only', () => {
    expect(isKnownSafeCommand(['numfmt', '--to=iec', '1024'])).toBe(process.platform === 'linux');
    expect(isKnownSafeCommand(['tac', 'f'])).toBe(process.platform === 'linux');
  });

  it.each([
    [],
    [''],
    ['rm', 'f'],
    ['git', 'status'],
    ['python3', '-c', 'print(1)'],
    ['node', 'x.js'],
    ['npm', 'test'],
    ['touch', 'x'],
    ['base64', '-o', 'out', 'f'],
    ['base64', '--output', 'out'],
    ['base64', '--output=out'],
    ['base64', '-oout'],
    ['find', '.', '-exec', 'rm', '{}', ';'],
    ['find', '.', '-execdir', 'x', ';'],
    ['find', '.', '-ok', 'x'],
    ['find', '.', '-okdir', 'x'],
    ['find', '.', '-delete'],
    ['find', '.', '-fls', 'f'],
    ['find', '.', '-fprint', 'f'],
    ['find', '.', '-fprint0', 'f'],
    ['find', '.', '-fprintf', 'f', '%p'],
    ['rg', '--pre', 'cat', 'x'],
    ['rg', '--pre=cat', 'x'],
    ['rg', '--hostname-bin', 'h'],
    ['rg', '--hostname-bin=h'],
    ['rg', '-z', 'x'],
    ['rg', '--search-zip', 'x'],
    ['rg', '-iz', 'x'],
    ['sed', 'p'],
    ['sed', '-n', 'p'],
    ['sed', '-i', '1p', 'f'],
    ['sed', '-n', '1,5p', 'f', 'g'],
    ['sed', '-n', '1d', 'f'],
    ['sed', '-n', '1,5w out', 'f'],
    ['sed', '-n'],
    ['sed', '-n', '$p'],
    ['sudo', 'ls'],
    ['env', 'ls'],
    ['xargs', 'cat'],
  ])('%j is not safe', (...argv) => {
    expect(isKnownSafeCommand(argv)).toBe(false);
  });
});

describe('isKnownSafeCommand: shell scripts', () => {
  it.each([
    'ls',
    'ls -la',
    'ls && pwd',
    'ls || echo nope',
    'ls; pwd',
    'ls | wc -l',
    'cat f | grep x | head -n 3',
    "grep 'a b' f",
    'grep "a b" f',
    "echo 'it''s'",
    'echo "say \\"hi\\""',
    'ls;',
    'ls\npwd',
    'ls\n\npwd\n',
    "rg -n 'foo|bar' src",
    'sed -n 1,20p file.ts',
    'find . -name "*.ts"',
    'echo a=b',
    'ls ~/src',
    'echo --x=1',
    'cd sub && ls',
    "echo 'a $HOME `x` $(y) > z'",
  ])('bash -lc %j is safe', (script) => {
    expect(isKnownSafeCommand(bash(script))).toBe(true);
    expect(isKnownSafeCommand(['zsh', '-lc', script])).toBe(true);
    expect(isKnownSafeCommand(['/bin/bash', '-c', script])).toBe(true);
  });

  it.each([
    ['', 'empty script'],
    [';', 'no command'],
    ['ls > out', 'redirection'],
    ['ls 2>/dev/null', 'redirection'],
    ['cat < f', 'input redirection'],
    ['ls &> x', 'redirection'],
    ['ls & pwd', 'background'],
    ['ls |& cat', 'stderr pipe'],
    ['echo $HOME', 'variable'],
    ['echo ${HOME}', 'variable'],
    ['echo "$HOME"', 'variable in string'],
    ['echo $(rm -rf x)', 'substitution'],
    ['echo `id`', 'backticks'],
    ['echo "`id`"', 'backticks in string'],
    ['(ls)', 'subshell'],
    ['{ ls; }', 'group'],
    ['ls *.ts', 'glob'],
    ['ls a?', 'glob'],
    ['ls [ab]', 'glob'],
    ['echo {a,b}', 'brace expansion'],
    ['FOO=1 ls', 'assignment'],
    ['ls # comment', 'comment'],
    ['echo a\\ b', 'escape'],
    ['ls &&', 'dangling operator'],
    ['&& ls', 'leading operator'],
    ['ls | | wc', 'empty pipeline stage'],
    ["echo 'unterminated", 'unterminated quote'],
    ['echo "unterminated', 'unterminated string'],
    ['ls && rm -rf x', 'unsafe command'],
    ['ls | python3', 'unsafe command'],
    ['find . -delete', 'unsafe option'],
    ['if true; then ls; fi', 'control flow'],
    ['! ls', 'negation'],
    ['cat <<EOF\nx\nEOF', 'heredoc'],
    ['ls;; pwd', 'case terminator'],
    ["echo $'x'", 'ANSI-C quoting'],
  ])('bash -lc %j is not safe (%s)', (script) => {
    expect(isKnownSafeCommand(bash(script))).toBe(false);
  });

  it('only looks into bash/zsh/sh with -c/-lc and exactly one script', () => {
    expect(isKnownSafeCommand(['fish', '-c', 'ls'])).toBe(false);
    expect(isKnownSafeCommand(['bash', '-x', 'ls'])).toBe(false);
    expect(isKnownSafeCommand(['bash', '-lc', 'ls', 'extra'])).toBe(false);
    expect(isKnownSafeCommand(['bash', '-lc'])).toBe(false);
    expect(isKnownSafeCommand(['sh', '-c', 'ls'])).toBe(true);
    expect(isKnownSafeCommand(['bash', '-lc', "bash -lc 'ls'"])).toBe(false);
  });
});

describe('isDangerousCommand', () => {
  it.each([
    ['rm', '-f', 'x'],
    ['rm', '-rf', 'dir'],
    ['rm', '-fr', 'dir'],
    ['rm', '-Rf', 'dir'],
    ['rm', '--force', 'x'],
    ['rm', 'x', '-f'],
    ['rm', '-r', '-f', 'd'],
    ['/bin/rm', '-rf', 'd'],
    ['sudo', 'rm', '-rf', '/'],
    ['sudo', '-u', 'root', 'rm', '-f', 'x'],
    ['sudo', 'sudo', 'rm', '-f', 'x'],
    ['FOO=1', 'rm', '-f', 'x'],
  ])('%j is dangerous', (...argv) => {
    expect(isDangerousCommand(argv)).toBe(true);
  });

  it.each([['rm', 'x'], ['rm', '-r', 'dir'], ['rm', '--', '-f'], ['ls', '-f'], ['sudo', 'ls'], ['git', 'rm', 'x'], [], ['sudo'], ['echo', 'rm', '-rf', 'x']])(
    '%j is not dangerous',
    (...argv) => {
      expect(isDangerousCommand(argv)).toBe(false);
    },
  );

  it.each([
    'rm -rf build',
    'ls && rm -f x',
    'ls; sudo rm -rf /',
    'echo $(rm -rf /tmp/x)',
    'echo "$(rm -f x)"',
    'echo `rm -f x`',
    'if true; then rm -rf x; fi',
    'for f in a b; do rm -f "$f"; done',
    'while true; do rm -rf x; done',
    '(cd d && rm -rf .)',
    '{ rm -rf x; }',
    'ls | xargs echo; rm --force y',
    'FOO=1 rm -rf x',
    "bash -lc 'rm -rf x'",
    'ls\nrm -rf x',
    'true && (false || rm -fr z)',
    'x=$(echo $(rm -rf nested))',
  ])('bash -lc %j is dangerous', (script) => {
    expect(isDangerousCommand(bash(script))).toBe(true);
    expect(isDangerousCommand(['zsh', '-c', script])).toBe(true);
  });

  it.each(['rm x', 'ls -f', "echo 'rm -rf x'", 'echo "rm -rf x"', 'grep -rf patterns .', 'rm -- -f', 'ls && echo rm -f'])(
    'bash -lc %j is not dangerous',
    (script) => {
      expect(isDangerousCommand(bash(script))).toBe(false);
    },
  );
});
